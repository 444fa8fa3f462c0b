package io.datably.provider.sql;

import io.datably.query.plan.BoundExpand;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Expansions as correlated subqueries in the select list of the page query, so a page with its related records is
 * one statement: a to-one relation is the related row's JSON (or null), a to-many relation a JSON array of at most
 * {@code limit} rows in key order. Each related row is carried whole ({@code ROW(x.*)} cast to its table's row type)
 * so nested expansions can read its fields. The limit is an integer from the planner, written as a literal, and so
 * are the values of a related table's row filter (quoted by {@link Sql#literal}).
 */
public final class SqlExpandCompiler {
    private final RowRendering rendering;
    private int aliases;

    private SqlExpandCompiler(RowRendering rendering) {
        this.rendering = rendering;
    }

    /** The members to add to each record whose row expression is {@code row}. */
    public static List<RowRendering.Member> members(List<BoundExpand> expand, String row, RowRendering rendering) {
        return new SqlExpandCompiler(rendering).members(expand, row);
    }

    private List<RowRendering.Member> members(List<BoundExpand> expand, String row) {
        List<RowRendering.Member> members = new ArrayList<>();
        for (BoundExpand e : expand) {
            members.add(new RowRendering.Member(e.name(), subquery(e, row)));
        }
        return members;
    }

    private String subquery(BoundExpand e, String parentRow) {
        int n = ++aliases;
        String x = "x" + n;
        String page = "e" + n;
        String table = Sql.table(e.join().table().physical());
        String document = rendering.document("(" + page + ".r)", e.join().table().schema(),
                e.join().table().schema().fields(), members(e.nested(), "(" + page + ".r)"));
        String where = SqlQueryCompiler.join(e.join(), parentRow, x, rendering.access());
        if (e.where() != null) {
            where += " AND " + SqlQueryCompiler.literalCondition(e.where(), rendering.access(), x);
        }
        if (!e.join().relation().toMany()) {
            return "(SELECT " + document + " FROM (SELECT ROW(" + x + ".*)::" + table + " AS r FROM " + table + " AS "
                    + x + " WHERE " + where + " LIMIT 1) " + page + ")";
        }
        String order = e.ordering().isEmpty() ? rendering.rowIdentity(x, e.join().table().schema()) : e.ordering().stream()
                .map(sort -> SqlQueryCompiler.sort(sort, rendering.access(), x)).collect(Collectors.joining(", "));
        return "(SELECT coalesce(json_agg(" + document + " ORDER BY " + page + ".n), '[]'::json) FROM (SELECT ROW("
                + x + ".*)::" + table + " AS r, row_number() OVER (ORDER BY " + order + ") AS n FROM " + table + " AS "
                + x + " WHERE " + where + " ORDER BY " + order + " LIMIT " + e.limit() + ") " + page + ")";
    }
}
