package io.datably.provider.sql;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.query.plan.BoundCondition;
import io.datably.query.plan.BoundJoin;
import io.datably.query.plan.BoundQuery;
import io.datably.query.plan.BoundSearch;
import io.datably.query.plan.BoundSort;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compiles a bound query into PostgreSQL WHERE and ORDER BY text plus bound parameters, for both PostgreSQL
 * providers: they differ only in how a field's stored value is reached ({@link ColumnAccess}: a column, or a typed
 * jsonb extraction). Identifiers come from the schema through {@link Sql#quote}; every value is a parameter, sent
 * as text and cast to the field's type in SQL ({@code $3::numeric}). The query's table is alias {@code t}; tables
 * reached through relations get aliases {@code r1}, {@code r2}, ... Every column reference is qualified by its alias
 * ({@code t."x"}, {@code l.item}): a bare name would resolve to a column of the row whenever a field is so named.
 */
public final class SqlQueryCompiler {
    private final ColumnAccess access;
    /** Null in literal mode: values are written into the text ({@link #literalCondition}). */
    private final List<Object> params;
    /** The alias whose fields comparisons read: {@code t}, or a related table's inside EXISTS. */
    private String row = "t";
    private int aliases;

    /**
     * WHERE (never empty: {@code TRUE} for all), ORDER BY (never empty), and the parameters they use, in order; and
     * what counting reads: the WHERE without a keyset's "after the cursor" and its parameters (a prefix of
     * {@code params}: the "after" condition's come last), so every page of a cursor walk counts the same total.
     */
    public record Compiled(String where, String orderBy, List<Object> params, String countWhere,
                           List<Object> countParams) {
        /** The placeholder a statement should use for its next own parameter. */
        public String nextParam(int offset) {
            return "$" + (params.size() + offset);
        }
    }

    private SqlQueryCompiler(ColumnAccess access, List<Object> params) {
        this.access = access;
        this.params = params;
    }

    /**
     * Just a condition on alias {@code t}, for statements built elsewhere (aggregates' WHERE and HAVING): its
     * parameters are appended to {@code params}, numbered after those already there.
     */
    public static String condition(BoundCondition condition, ColumnAccess access, List<Object> params) {
        return new SqlQueryCompiler(access, params).condition(condition);
    }

    /** The same on the row of alias {@code row} (a graph walk's node {@code t} or edge {@code e}). */
    public static String condition(BoundCondition condition, ColumnAccess access, List<Object> params, String row) {
        SqlQueryCompiler compiler = new SqlQueryCompiler(access, params);
        compiler.row = row;
        return compiler.condition(condition);
    }

    /**
     * A condition on the table's own unqualified columns with every value written as a literal, for index
     * predicates, where PostgreSQL takes no parameters. Where a parameter would read {@code $3::text::numeric} the
     * literal reads {@code '10'::numeric}: an untyped literal cast once is folded to a constant when PostgreSQL
     * parses it, while {@code ::text::timestamptz} would be a cast that is not immutable. Lists are written out
     * ({@code IN ('a'::text, 'b'::text)}), as a predicate allows no subquery. The caller keeps out relations, search
     * and the operators whose SQL is not immutable (has, hasany).
     */
    public static String literalCondition(BoundCondition condition, ColumnAccess access) {
        return literalCondition(condition, access, null);
    }

    /**
     * The same, on the fields of the row {@code row} (an alias): a row filter inside an expansion's subquery, which
     * sits in the select list, where the page's parameters are already numbered.
     */
    public static String literalCondition(BoundCondition condition, ColumnAccess access, String row) {
        SqlQueryCompiler compiler = new SqlQueryCompiler(access, null);
        compiler.row = row;
        return compiler.condition(condition);
    }

    /**
     * @param rowIdentity the final tiebreak when the table has no primary key (else null: the planner already
     *                    ended the ordering with the key)
     */
    public static Compiled compile(BoundQuery query, ColumnAccess access, String rowIdentity) {
        SqlQueryCompiler compiler = new SqlQueryCompiler(access, new ArrayList<>());
        List<String> where = new ArrayList<>();
        if (query.where() != null) {
            where.add(compiler.condition(query.where()));
        }
        List<String> order = new ArrayList<>();
        if (query.search() != null) {
            String[] match = compiler.search(query.search());
            where.add(match[0]);
            if (query.search().ranked()) {
                order.add(match[1] + " DESC");
            }
        }
        String counted = where.isEmpty() ? "TRUE" : String.join(" AND ", where);
        List<Object> countParams = List.copyOf(compiler.params);
        if (query.after() != null) {
            where.add(compiler.condition(query.after()));
        }
        query.ordering().forEach(sort -> order.add(compiler.sort(sort)));
        if (rowIdentity != null) {
            order.add(rowIdentity);
        }
        return new Compiled(where.isEmpty() ? "TRUE" : String.join(" AND ", where), String.join(", ", order),
                List.copyOf(compiler.params), counted, countParams);
    }

    private String condition(BoundCondition condition) {
        if (condition instanceof BoundCondition.And and) {
            return and.items().stream().map(this::condition).collect(Collectors.joining(" AND ", "(", ")"));
        }
        if (condition instanceof BoundCondition.Or or) {
            return or.items().stream().map(this::condition).collect(Collectors.joining(" OR ", "(", ")"));
        }
        if (condition instanceof BoundCondition.Not not) {
            return "NOT " + condition(not.item());
        }
        if (condition instanceof BoundCondition.Related related) {
            return related(related);
        }
        if (condition instanceof BoundCondition.Deleted deleted) {
            // The marker is a column of the row on both PostgreSQL providers, beside the fields (or the document).
            return "(" + (row == null ? "" : row + ".") + Sql.quote(io.datably.schema.model.SoftDelete.DELETED_AT)
                    + (deleted.deleted() ? " IS NOT NULL)" : " IS NULL)");
        }
        return compare((BoundCondition.Compare) condition);
    }

    /** A semi-join: some related row satisfies the item (to-one and to-many alike; never unknown). */
    private String related(BoundCondition.Related related) {
        String outer = row;
        String alias = "r" + (++aliases);
        String on = join(related.join(), outer, alias, access);
        row = alias;
        String item = condition(related.item());
        row = outer;
        return "EXISTS (SELECT 1 FROM " + Sql.table(related.join().table().physical()) + " AS " + alias + " WHERE "
                + on + " AND " + item + ")";
    }

    /** The join condition between a row of the relation's own table and a row ({@code alias}) of the related one. */
    static String join(BoundJoin join, String row, String alias, ColumnAccess access) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < join.fields().size(); i++) {
            pairs.add(access.column(alias, join.targetFields().get(i)) + " = " + access.column(row,
                    join.fields().get(i)));
        }
        return String.join(" AND ", pairs);
    }

    private String compare(BoundCondition.Compare c) {
        Field f = c.field();
        String col = access.column(row, f);
        String ord = ordered(f);
        return switch (c.op()) {
            case EQ, EXACT -> "(" + col + " = " + typed(f, c.value()) + ")";
            case NE -> "(" + col + " IS DISTINCT FROM " + typed(f, c.value()) + ")";
            case GT -> "(" + ord + " > " + typed(f, c.value()) + ")";
            case GTE -> "(" + ord + " >= " + typed(f, c.value()) + ")";
            case LT -> "(" + ord + " < " + typed(f, c.value()) + ")";
            case LTE -> "(" + ord + " <= " + typed(f, c.value()) + ")";
            case IN -> "(" + col + " IN " + typedList(f, c.values()) + ")";
            case NIN -> "(" + col + " IS NULL OR " + col + " NOT IN " + typedList(f, c.values()) + ")";
            case RANGE -> "(" + ord + " BETWEEN " + typed(f, c.values().get(0)) + " AND "
                    + typed(f, c.values().get(1)) + ")";
            case ISNULL -> "(" + col + (c.value().booleanValue() ? " IS NULL)" : " IS NOT NULL)");
            case IEXACT -> "(lower(" + col + ") = lower(" + text(c.value()) + "))";
            case CONTAINS -> "(" + col + " LIKE " + containing(c.value()) + ")";
            case ICONTAINS -> "(" + col + " ILIKE " + containing(c.value()) + ")";
            case STARTSWITH -> "starts_with(" + col + ", " + text(c.value()) + ")";
            case ISTARTSWITH -> "starts_with(lower(" + col + "), lower(" + text(c.value()) + "))";
            case ENDSWITH -> endsWith(col, text(c.value()));
            case IENDSWITH -> endsWith("lower(" + col + ")", "lower(" + text(c.value()) + ")");
            case LIKE -> "(" + col + " LIKE " + text(c.value()) + ")";
            case ILIKE -> "(" + col + " ILIKE " + text(c.value()) + ")";
            case REGEX -> "(" + col + " ~ " + text(c.value()) + ")";
            case IREGEX -> "(" + col + " ~* " + text(c.value()) + ")";
            case YEAR, MONTH, DAY -> "(extract(" + c.op().token() + " FROM " + utc(f, col) + ") = "
                    + param(c.value().asText()) + "::int)";
            case DATE -> "((" + utc(f, col) + ")::date = " + param(c.value().asText()) + "::date)";
            case HAS -> "(" + col + " @> jsonb_build_array(" + json(c.value()) + "))";
            case HASANY -> "EXISTS (SELECT 1 FROM jsonb_array_elements(" + jsonArray(c.values()) + ") AS l(item) "
                    + "WHERE " + col + " @> jsonb_build_array(l.item))";
            case HASALL -> "(" + col + " @> " + jsonArray(c.values()) + ")";
            case HASKEY -> "(jsonb_typeof(" + col + ") = 'object' AND jsonb_exists(" + col + ", "
                    + text(c.value()) + "))";
        };
    }

    /**
     * {@code [match condition, rank expression]} of a web-search query. The vector is exactly the expression of
     * the table's search index ({@link #searchVector}), so PostgreSQL can use the index.
     */
    private String[] search(BoundSearch search) {
        String vector = searchVector(search.fields(), search.language(), f -> access.column(row, f));
        String query = "websearch_to_tsquery(" + Sql.literal(search.language()) + "::regconfig, "
                + param(search.terms()) + ")";
        return new String[] {"(" + vector + " @@ " + query + ")", "ts_rank(" + vector + ", " + query + ")"};
    }

    private String sort(BoundSort sort) {
        return sort(sort, access, row);
    }

    /** One ORDER BY key on a row of {@code alias}. */
    static String sort(BoundSort sort, ColumnAccess access, String alias) {
        return ordered(access.column(alias, sort.field()), sort.field()) + (sort.descending() ? " DESC" : " ASC")
                + (sort.nullsFirst() ? " NULLS FIRST" : " NULLS LAST");
    }

    /**
     * The text-search vector of a record: immutable (a regconfig literal, {@code ||} and {@code coalesce}), so the
     * same expression can back a GIN index. The language is one of PostgreSQL's configurations (SearchConfig).
     */
    public static String searchVector(List<Field> fields, String language, Function<Field, String> columns) {
        String document = fields.stream().map(f -> "coalesce(" + columns.apply(f) + ", '')")
                .collect(Collectors.joining(" || ' ' || "));
        return "to_tsvector(" + Sql.literal(language) + "::regconfig, " + document + ")";
    }

    /**
     * A field's value for comparing and ordering. Text compares by code point ({@code COLLATE "C"}), as MongoDB
     * does, so that every provider orders strings alike whatever the database's locale.
     */
    private String ordered(Field field) {
        return ordered(access.column(row, field), field);
    }

    private static String ordered(String column, Field field) {
        return PgTypes.columnType(field).equals("text") ? column + " COLLATE \"C\"" : column;
    }

    private static String endsWith(String value, String suffix) {
        return "(right(" + value + ", char_length(" + suffix + ")) = " + suffix + ")";
    }

    /** Datetimes are compared by their UTC calendar; dates are already calendar values. */
    private static String utc(Field field, String col) {
        return field.type() == FieldType.DATETIME ? "(" + col + " AT TIME ZONE 'UTC')" : col;
    }

    private String typed(Field field, JsonNode value) {
        if (PgTypes.isJsonColumn(field)) {
            return json(value);
        }
        return param(PgTypes.textForm(field, value)) + "::" + access.valueType(field);
    }

    /** A list as a subquery over one jsonb parameter: any number of values, one parameter. */
    private String typedList(Field field, List<JsonNode> values) {
        if (params == null) {
            return values.stream().map(v -> typed(field, v)).collect(Collectors.joining(", ", "(", ")"));
        }
        // Every reference is qualified by the list's own alias: a bare name would be the row's column of that name
        // when the table has one (jsonb_array_elements' output column is "value", not its alias).
        if (PgTypes.isJsonColumn(field)) {
            return "(SELECT l.item FROM jsonb_array_elements(" + jsonArray(values) + ") AS l(item))";
        }
        var array = io.datably.provider.sql.Json.FACTORY.arrayNode();
        values.forEach(v -> array.add(PgTypes.textForm(field, v)));
        return "(SELECT l.item::" + access.valueType(field) + " FROM jsonb_array_elements_text("
                + param(array.toString()) + "::jsonb) AS l(item))";
    }

    /**
     * contains as a LIKE pattern, {@code %text%} with LIKE's own characters escaped, rather than {@code strpos}: the
     * same matches, and a trigram index (gin_trgm_ops, see SqlIndexDdl) serves LIKE and ILIKE. ILIKE folds case
     * with lower(), as lower(column) compared to lower(text) does.
     */
    private String containing(JsonNode value) {
        String text = value.asText().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return param("%" + text + "%");
    }

    private String text(JsonNode value) {
        return param(value.asText());
    }

    private String json(JsonNode value) {
        return param(value.toString()) + "::jsonb";
    }

    private String jsonArray(List<JsonNode> values) {
        var array = io.datably.provider.sql.Json.FACTORY.arrayNode();
        values.forEach(array::add);
        return json(array);
    }

    /**
     * A text parameter; callers cast it ({@code $3::text::numeric}), so the driver always sends plain text. In
     * literal mode the value itself, quoted and left untyped for the caller's cast ({@code '10'::numeric}).
     */
    private String param(String value) {
        if (params == null) {
            return Sql.literal(value);
        }
        params.add(value);
        return "$" + params.size() + "::text";
    }
}
