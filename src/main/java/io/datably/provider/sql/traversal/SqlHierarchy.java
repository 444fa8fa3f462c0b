package io.datably.provider.sql.traversal;

import io.datably.provider.spi.traversal.Hierarchy;
import io.datably.provider.sql.RowRendering;
import io.datably.provider.sql.Sql;
import io.datably.provider.sql.SqlQueryCompiler;
import io.datably.provider.spi.TableDescriptor;
import io.datably.query.plan.BoundCondition;
import io.datably.schema.model.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements of hierarchy walks on PostgreSQL (both providers): one {@code WITH RECURSIVE … CYCLE} statement per
 * request. The recursion joins each level's children on the parent field, which the foreign key's index serves (a
 * btree on flat_table's column, the {@code _fk<n>x} expression index on jsonb: {@link ColumnAccess} reads the field
 * with the index's own expression). {@code CYCLE} marks the node that closes a loop instead of walking it again, so
 * cyclic data ends; {@code LIMIT} on the walk stops PostgreSQL's evaluation of the recursion once the node cap is
 * passed (a recursive CTE is evaluated only as far as it is read). Each node carries its whole row ({@code r}), so
 * what is answered, filtered and ordered is read from it without joining the table again.
 */
public final class SqlHierarchy {
    /** A statement and its parameters, in order. */
    public record Statement(String sql, List<Object> params) {
    }

    private final TableDescriptor table;
    private final RowRendering rows;
    private final List<Object> params = new ArrayList<>();

    private SqlHierarchy(TableDescriptor table, RowRendering rows) {
        this.table = table;
        this.rows = rows;
    }

    /**
     * Columns of the answer: starts (bigint), count of the chosen (bigint), truncated (boolean), results (JSON text).
     */
    public static Statement descendants(TableDescriptor table, RowRendering rows, Hierarchy.Walk walk) {
        return new SqlHierarchy(table, rows).down(walk);
    }

    /** Columns of the answer: starts (bigint), truncated (boolean), results (JSON text). */
    public static Statement ancestors(TableDescriptor table, RowRendering rows, Hierarchy.Climb climb) {
        return new SqlHierarchy(table, rows).up(climb);
    }

    private Statement down(Hierarchy.Walk walk) {
        Hierarchy.Bounds bounds = walk.bounds();
        var result = walk.result();
        // The result's filter and ordering first: SqlQueryCompiler numbers its parameters from $1.
        SqlQueryCompiler.Compiled compiled = SqlQueryCompiler.compile(result, rows.access(), null);
        params.addAll(compiled.params());
        String physical = Sql.table(table.physical());
        String key = column("t", walk.link().key());
        String parent = column("t", walk.link().parent());
        String start = condition(walk.start());
        String anchorWithin = within(bounds.within());
        String stepWithin = within(bounds.within());
        String maxDepth = param(bounds.maxDepth());
        String maxNodes = param(bounds.maxNodes());
        String minDepth = param(walk.minDepth());
        String leafWithin = within(bounds.within());
        String limit = param(result.limit());
        String offset = param(result.offset());
        String order = compiled.orderBy().isEmpty() ? "" : ", " + compiled.orderBy();
        String leaf = "NOT EXISTS (SELECT 1 FROM " + physical + " AS t WHERE " + parent + " = "
                + column("(p.r)", walk.link().key()) + " AND " + leafWithin + ")";
        String document = rows.document("(p.r)", table.schema(), shown(result.fields()), List.of(
                new RowRendering.Member(Hierarchy.DEPTH, "p.depth"),
                new RowRendering.Member(Hierarchy.PATH, "to_jsonb(p.path)"),
                new RowRendering.Member(Hierarchy.IS_LEAF, leaf)));
        String sql = "WITH RECURSIVE walk AS ("
                + "SELECT ROW(t.*)::" + physical + " AS r, " + key + " AS k, 0 AS depth, ARRAY[" + key + "] AS path "
                + "FROM " + physical + " AS t WHERE " + start + " AND " + anchorWithin
                + " UNION ALL SELECT ROW(t.*)::" + physical + ", " + key + ", w.depth + 1, w.path || " + key
                + " FROM walk AS w JOIN " + physical + " AS t ON " + parent + " = w.k WHERE w.depth < " + maxDepth
                + " AND " + stepWithin + ") CYCLE k SET cycled USING cycle_path, "
                + "reached AS MATERIALIZED (SELECT w.r, w.depth, w.path, row_number() OVER () AS visit FROM walk AS w "
                + "WHERE NOT w.cycled LIMIT " + maxNodes + " + 1), "
                + "chosen AS MATERIALIZED (SELECT f.r, f.depth, f.path FROM reached AS f CROSS JOIN LATERAL (SELECT (f.r).*) "
                + "AS t WHERE f.visit <= " + maxNodes + " AND f.depth >= " + minDepth + " AND " + compiled.where() + "), "
                + "page AS (SELECT c.r, c.depth, c.path, row_number() OVER (ORDER BY c.depth" + order + ") AS n "
                + "FROM chosen AS c CROSS JOIN LATERAL (SELECT (c.r).*) AS t ORDER BY c.depth" + order + " LIMIT "
                + limit + " OFFSET " + offset + ") "
                + "SELECT (SELECT count(*) FROM reached WHERE depth = 0 AND visit <= " + maxNodes + "), "
                + "(SELECT count(*) FROM chosen), (SELECT count(*) FROM reached) > " + maxNodes + ", "
                + "(SELECT coalesce(json_agg(" + document + " ORDER BY p.n), '[]'::json)::text FROM page AS p)";
        return new Statement(sql, params);
    }

    private Statement up(Hierarchy.Climb climb) {
        Hierarchy.Bounds bounds = climb.bounds();
        String physical = Sql.table(table.physical());
        String key = column("t", climb.link().key());
        String parent = column("t", climb.link().parent());
        String start = condition(climb.start());
        String anchorWithin = within(bounds.within());
        String stepWithin = within(bounds.within());
        // One level past the node cap, to tell whether the chain was cut by it (the start is a visited node too).
        String reach = param(Math.min(bounds.maxDepth(), bounds.maxNodes()));
        String cap = param(bounds.maxNodes());
        String document = rows.document("(p.r)", table.schema(), shown(climb.fields()), List.of(
                new RowRendering.Member(Hierarchy.DEPTH, "p.depth"),
                new RowRendering.Member(Hierarchy.PATH, "to_jsonb(p.path)"),
                new RowRendering.Member(Hierarchy.IS_LEAF, "false")));
        String sql = "WITH RECURSIVE up AS ("
                + "SELECT ROW(t.*)::" + physical + " AS r, " + key + " AS k, " + parent + " AS up, 0 AS depth, ARRAY["
                + key + "] AS path FROM " + physical + " AS t WHERE " + start + " AND " + anchorWithin
                + " UNION ALL SELECT ROW(t.*)::" + physical + ", " + key + ", " + parent + ", u.depth + 1, u.path || "
                + key + " FROM up AS u JOIN " + physical + " AS t ON " + key + " = u.up WHERE u.depth < " + reach
                + " AND " + stepWithin + ") CYCLE k SET cycled USING cycle_path "
                + "SELECT (SELECT count(*) FROM up WHERE depth = 0), "
                + "EXISTS (SELECT 1 FROM up WHERE depth >= " + cap + " AND NOT cycled), "
                + "(SELECT coalesce(json_agg(" + document + " ORDER BY p.depth), '[]'::json)::text FROM up AS p "
                + "WHERE p.depth > 0 AND p.depth < " + cap + " AND NOT p.cycled)";
        return new Statement(sql, params);
    }

    /** The fields rendered: the asked ones, less those the computed members replace. */
    private static List<Field> shown(List<Field> fields) {
        return fields.stream().filter(f -> !Hierarchy.COMPUTED.contains(f.name())).toList();
    }

    private String column(String row, Field field) {
        return rows.access().column(row, field);
    }

    private String condition(BoundCondition condition) {
        return SqlQueryCompiler.condition(condition, rows.access(), params);
    }

    private String within(BoundCondition within) {
        return within == null ? "TRUE" : condition(within);
    }

    private String param(Object value) {
        params.add(value);
        return "$" + params.size();
    }
}
