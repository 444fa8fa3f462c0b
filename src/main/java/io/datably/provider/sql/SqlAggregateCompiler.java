package io.datably.provider.sql;

import io.datably.provider.spi.Averages;
import io.datably.query.plan.BoundAggregate;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A bound aggregate as one PostgreSQL statement that returns the result rows as a JSON array text, for both
 * PostgreSQL providers ({@code columns} reaches a field's typed value from alias {@code t}). WHERE and HAVING are
 * compiled by {@link SqlQueryCompiler}; HAVING sees each alias as its aggregate expression.
 */
public final class SqlAggregateCompiler {
    /** The statement and its text parameters, in order. */
    public record Compiled(String sql, List<Object> params) {
    }

    private SqlAggregateCompiler() {
    }

    public static Compiled compile(BoundAggregate aggregate, String table, ColumnAccess access) {
        Function<Field, String> columns = f -> access.column("t", f);
        List<Object> params = new ArrayList<>();
        Map<String, String> inner = new HashMap<>();   // output name → column of the grouped subquery
        Map<String, Field> outputs = new HashMap<>();
        List<String> select = new ArrayList<>();
        List<String> groupBy = new ArrayList<>();
        Map<String, String> aggregates = new HashMap<>();
        List<String> json = new ArrayList<>();
        int n = 0;
        for (BoundAggregate.Key key : aggregate.keys()) {
            String column = "c" + n++;
            String expression = key(key, columns);
            select.add(expression + " AS " + column);
            groupBy.add(expression);
            inner.put(key.name(), column);
            outputs.put(key.name(), key.output());
            json.add(Sql.literal(key.name()) + ", " + (key.bucket() == null ? PgTypes.toJson(key.field(), "g." + column)
                    : "to_char(g." + column + ", 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"));
        }
        for (BoundAggregate.Aggregate agg : aggregate.aggregates()) {
            String column = "c" + n++;
            String expression = expression(agg, columns);
            select.add(expression + " AS " + column);
            aggregates.put(agg.alias(), expression);
            inner.put(agg.alias(), column);
            outputs.put(agg.alias(), agg.output());
            json.add(Sql.literal(agg.alias()) + ", " + PgTypes.toJson(agg.output(), "g." + column));
        }
        String where = aggregate.where() == null ? "TRUE"
                : SqlQueryCompiler.condition(aggregate.where(), access, params);
        // Without keys, no records means no groups: the same as MongoDB's $group, rather than one row of zeros.
        List<String> having = new ArrayList<>();
        if (aggregate.keys().isEmpty()) {
            having.add("count(*) > 0");
        }
        if (aggregate.having() != null) {
            having.add(SqlQueryCompiler.condition(aggregate.having(), new ColumnAccess() {
                @Override
                public String column(String row, Field f) {
                    return aggregates.get(f.name());
                }

                /** Counts and sums can exceed a bigint's range; a computed value has no index to serve. */
                @Override
                public String valueType(Field f) {
                    return f.type() == FieldType.INTEGER ? "numeric" : PgTypes.columnType(f);
                }
            }, params));
        }
        String order = aggregate.ordering().stream().map(s -> sort(s, "g." + inner.get(s.name()),
                outputs.get(s.name()))).collect(Collectors.joining(", "));
        String orderBy = order.isEmpty() ? "" : " ORDER BY " + order;
        String grouped = "SELECT " + String.join(", ", select) + " FROM " + table + " AS t WHERE " + where
                + (groupBy.isEmpty() ? "" : " GROUP BY " + String.join(", ", groupBy))
                + (having.isEmpty() ? "" : " HAVING " + String.join(" AND ", having));
        String sql = "SELECT coalesce(json_agg(json_build_object(" + String.join(", ", json) + ")" + orderBy
                + "), '[]'::json)::text FROM (SELECT * FROM (" + grouped + ") g" + orderBy + " LIMIT "
                + aggregate.limit() + ") g";
        return new Compiled(sql, List.copyOf(params));
    }

    /** Buckets start at UTC midnight (or hour); a date is read as that UTC day. {@code week} is ISO (Monday). */
    private static String key(BoundAggregate.Key key, Function<Field, String> columns) {
        String column = columns.apply(key.field());
        if (key.bucket() == null) {
            return column;
        }
        String time = key.field().type() == FieldType.DATETIME ? "(" + column + " AT TIME ZONE 'UTC')"
                : "(" + column + ")::timestamp";
        return "date_trunc('" + key.bucket().token() + "', " + time + ")";
    }

    /** Text compares by code point (COLLATE "C"), as in lists and on MongoDB. */
    private static String expression(BoundAggregate.Aggregate agg, Function<Field, String> columns) {
        if (agg.field() == null) {
            return "count(*)";
        }
        String column = columns.apply(agg.field());
        String ordered = PgTypes.columnType(agg.field()).equals("text") ? column + " COLLATE \"C\"" : column;
        return switch (agg.function()) {
            case COUNT -> "count(" + column + ")";
            case COUNT_DISTINCT -> "count(DISTINCT " + column + ")";
            case SUM -> "sum(" + column + ")";
            case AVG -> average(column);
            case MIN -> "min(" + ordered + ")";
            case MAX -> "max(" + ordered + ")";
        };
    }

    /**
     * {@link Averages}: the sum is given 30 decimal places (an added zero keeps its own scale when larger), which
     * PostgreSQL's division carries at least, so rounding to the scale sees the quotient's digits well past it; a
     * tie at the scale is then an exact tie, rounded away from zero as Java's HALF_UP does.
     */
    private static String average(String column) {
        return "trim_scale(round((sum(" + column + ") + 0." + "0".repeat(30) + ") / nullif(count(" + column
                + "), 0), " + Averages.SCALE + "))";
    }

    private static String sort(BoundAggregate.Sort sort, String column, Field output) {
        String ordered = PgTypes.columnType(output).equals("text") ? column + " COLLATE \"C\"" : column;
        return ordered + (sort.descending() ? " DESC" : " ASC") + (sort.nullsFirst() ? " NULLS FIRST" : " NULLS LAST");
    }
}
