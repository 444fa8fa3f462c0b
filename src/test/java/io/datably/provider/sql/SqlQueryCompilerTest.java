package io.datably.provider.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.datably.query.model.CountMode;
import io.datably.query.model.Op;
import io.datably.query.model.SortKey;
import io.datably.query.plan.BoundCondition;
import io.datably.query.plan.BoundCondition.Compare;
import io.datably.query.plan.BoundExpand;
import io.datably.query.plan.BoundJoin;
import io.datably.provider.spi.PhysicalTable;
import io.datably.provider.spi.Relation;
import io.datably.provider.spi.TableDescriptor;
import java.util.Map;
import io.datably.query.plan.BoundQuery;
import io.datably.query.plan.BoundSearch;
import io.datably.query.plan.BoundSort;
import io.datably.schema.model.Field;
import io.datably.schema.model.TableSchema;
import io.datably.schema.validate.SchemaDescriptorParser;
import io.datably.testsupport.Api;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Golden tests: bound condition → WHERE text and parameters, for flat columns and for jsonb extraction. */
class SqlQueryCompilerTest {
    private static final TableSchema SCHEMA = SchemaDescriptorParser.parse(Api.json("""
            {"fields":[{"name":"id","type":"integer"},{"name":"na\\"me","type":"string"},
              {"name":"price","type":"number"},{"name":"at","type":"datetime"},{"name":"tags","type":"array"}],
             "primaryKey":["id"]}""")).schema();
    private static final ColumnAccess FLAT = (row, f) -> row + "." + Sql.quote(f.name());
    private static final ColumnAccess JSONB = (row, f) -> PgTypes.fromJson(f, row + ".data");

    static Field field(String name) {
        return SCHEMA.field(name).orElseThrow();
    }

    static Compare cmp(String field, Op op, JsonNode... values) {
        return new Compare(field(field), op, List.of(values));
    }

    static Stream<Arguments> conditions() {
        return Stream.of(
                Arguments.of(cmp("id", Op.EQ, IntNode.valueOf(3)), FLAT, "(t.\"id\" = $1::text::bigint)", "[3]"),
                Arguments.of(cmp("id", Op.EQ, IntNode.valueOf(3)), JSONB,
                        "((t.data ->> 'id')::bigint = $1::text::bigint)", "[3]"),
                Arguments.of(cmp("na\"me", Op.GT, TextNode.valueOf("b")), FLAT,
                        "(t.\"na\"\"me\" COLLATE \"C\" > $1::text::text)", "[b]"),
                Arguments.of(cmp("na\"me", Op.NE, TextNode.valueOf("x'; drop table t; --")), JSONB,
                        "((t.data ->> 'na\"me')::text IS DISTINCT FROM $1::text::text)", "[x'; drop table t; --]"),
                Arguments.of(cmp("price", Op.IN, DecimalNode.valueOf(new BigDecimal("1.50")), TextNode.valueOf("INF")),
                        FLAT, "(t.\"price\" IN (SELECT l.item::numeric FROM "
                                + "jsonb_array_elements_text($1::text::jsonb) AS l(item)))",
                        "[[\"1.50\",\"Infinity\"]]"),
                Arguments.of(cmp("price", Op.NIN, DecimalNode.valueOf(BigDecimal.ONE)), FLAT,
                        "(t.\"price\" IS NULL OR t.\"price\" NOT IN (SELECT l.item::numeric FROM "
                                + "jsonb_array_elements_text($1::text::jsonb) AS l(item)))", "[[\"1\"]]"),
                Arguments.of(cmp("price", Op.ISNULL, BooleanNode.TRUE), FLAT, "(t.\"price\" IS NULL)", "[]"),
                Arguments.of(cmp("na\"me", Op.ICONTAINS, TextNode.valueOf("%_")), FLAT,
                        "(t.\"na\"\"me\" ILIKE $1::text)", "[%\\%\\_%]"),
                Arguments.of(cmp("at", Op.YEAR, IntNode.valueOf(2024)), FLAT,
                        "(extract(year FROM (t.\"at\" AT TIME ZONE 'UTC')) = $1::text::int)", "[2024]"),
                Arguments.of(cmp("tags", Op.HAS, TextNode.valueOf("red")), JSONB,
                        "(NULLIF(t.data -> 'tags', 'null'::jsonb) @> jsonb_build_array($1::text::jsonb))", "[\"red\"]"),
                Arguments.of(new BoundCondition.Not(new BoundCondition.Or(List.of(cmp("id", Op.LT, IntNode.valueOf(1)),
                        cmp("id", Op.GT, IntNode.valueOf(9))))), FLAT,
                        "NOT ((t.\"id\" < $1::text::bigint) OR (t.\"id\" > $2::text::bigint))", "[1, 9]"));
    }

    @ParameterizedTest
    @MethodSource("conditions")
    void compilesConditions(BoundCondition condition, ColumnAccess columns, String sql, String params) {
        BoundQuery query = new BoundQuery(condition, null, List.of(), 0, 10, CountMode.NONE, SCHEMA.fields());
        SqlQueryCompiler.Compiled compiled = SqlQueryCompiler.compile(query, columns, null);
        assertEquals(sql, compiled.where());
        assertEquals(params, compiled.params().toString());
    }

    /** Index expressions: the table's own columns, unqualified (as ColumnAccess gives them for a null row). */
    private static final ColumnAccess FLAT_OWN = (row, f) -> row == null ? Sql.quote(f.name())
            : row + "." + Sql.quote(f.name());
    private static final ColumnAccess JSONB_OWN = (row, f) -> PgTypes.fromJson(f, row == null ? "data"
            : row + ".data");

    /** Index predicates: values written as untyped literals cast once, lists written out, no parameters. */
    static Stream<Arguments> literalConditions() {
        return Stream.of(
                Arguments.of(cmp("id", Op.EQ, IntNode.valueOf(3)), FLAT_OWN, "(\"id\" = '3'::bigint)"),
                Arguments.of(cmp("na\"me", Op.EQ, TextNode.valueOf("it's a \\ test")), FLAT_OWN,
                        "(\"na\"\"me\" = 'it''s a \\ test'::text)"),
                Arguments.of(cmp("na\"me", Op.GT, TextNode.valueOf("x'; drop table t; --")), JSONB_OWN,
                        "((data ->> 'na\"me')::text COLLATE \"C\" > 'x''; drop table t; --'::text)"),
                Arguments.of(cmp("price", Op.IN, DecimalNode.valueOf(new BigDecimal("1.50")), TextNode.valueOf("INF")),
                        FLAT_OWN, "(\"price\" IN ('1.50'::numeric, 'Infinity'::numeric))"),
                Arguments.of(cmp("price", Op.NIN, DecimalNode.valueOf(BigDecimal.ONE)), FLAT_OWN,
                        "(\"price\" IS NULL OR \"price\" NOT IN ('1'::numeric))"),
                Arguments.of(cmp("na\"me", Op.ICONTAINS, TextNode.valueOf("%'\\")), FLAT_OWN,
                        "(\"na\"\"me\" ILIKE '%\\%''\\\\%')"),
                Arguments.of(cmp("at", Op.GTE, TextNode.valueOf("2024-05-01T10:00:00Z")), FLAT_OWN,
                        "(\"at\" >= '2024-05-01T10:00:00Z'::timestamptz)"),
                Arguments.of(cmp("at", Op.YEAR, IntNode.valueOf(2024)), FLAT_OWN,
                        "(extract(year FROM (\"at\" AT TIME ZONE 'UTC')) = '2024'::int)"),
                Arguments.of(cmp("tags", Op.HASALL, TextNode.valueOf("red"), TextNode.valueOf("o'k")), JSONB_OWN,
                        "(NULLIF(data -> 'tags', 'null'::jsonb) @> '[\"red\",\"o''k\"]'::jsonb)"),
                Arguments.of(new BoundCondition.Not(new BoundCondition.Or(List.of(cmp("id", Op.LT, IntNode.valueOf(1)),
                        cmp("price", Op.ISNULL, BooleanNode.TRUE)))), FLAT_OWN,
                        "NOT ((\"id\" < '1'::bigint) OR (\"price\" IS NULL))"));
    }

    @ParameterizedTest
    @MethodSource("literalConditions")
    void compilesIndexPredicatesWithLiterals(BoundCondition condition, ColumnAccess columns, String sql) {
        assertEquals(sql, SqlQueryCompiler.literalCondition(condition, columns));
    }

    @org.junit.jupiter.api.Test
    void ordersWithSearchRankThenKeysThenRowIdentity() {
        BoundQuery query = new BoundQuery(null, new BoundSearch("ann -bob", List.of(field("na\"me")), "english", true),
                List.of(new BoundSort(field("price"), true, SortKey.Nulls.DEFAULT)), 0, 10, CountMode.NONE,
                SCHEMA.fields());
        SqlQueryCompiler.Compiled compiled = SqlQueryCompiler.compile(query, FLAT, "t.ctid");
        // The vector is the search index's expression (language inlined); the terms are bound once, used twice.
        assertEquals("(to_tsvector('english'::regconfig, coalesce(t.\"na\"\"me\", '')) @@ "
                + "websearch_to_tsquery('english'::regconfig, $1::text))", compiled.where());
        assertEquals("ts_rank(to_tsvector('english'::regconfig, coalesce(t.\"na\"\"me\", '')), "
                + "websearch_to_tsquery('english'::regconfig, $1::text)) DESC, t.\"price\" DESC NULLS FIRST, t.ctid",
                compiled.orderBy());
        assertEquals("[ann -bob]", compiled.params().toString());
        assertEquals("$2", compiled.nextParam(1));
    }

    /** A self-relation of SCHEMA: parent_of → id (to-one through a field named like the key, for brevity). */
    private static BoundJoin join(boolean toMany) {
        TableDescriptor table = new TableDescriptor("items", new PhysicalTable("t_x", "items"), SCHEMA, Map.of());
        return new BoundJoin(new Relation(toMany ? "children" : "parent", toMany, "items", List.of("id"),
                List.of("id")), table, List.of(field("id")), List.of(field("id")));
    }

    @org.junit.jupiter.api.Test
    void relationConditionsAreNestedSemiJoinsWithTheirOwnAliases() {
        BoundCondition condition = new BoundCondition.Not(new BoundCondition.Related(join(false),
                new BoundCondition.And(List.of(cmp("price", Op.GT, IntNode.valueOf(1)),
                        new BoundCondition.Related(join(true), cmp("na\"me", Op.EQ, TextNode.valueOf("x")))))));
        BoundQuery query = new BoundQuery(condition, null, List.of(), 0, 10, CountMode.NONE, SCHEMA.fields());
        assertEquals("NOT EXISTS (SELECT 1 FROM \"t_x\".\"items\" AS r1 WHERE r1.\"id\" = t.\"id\" AND "
                + "((r1.\"price\" > $1::text::numeric) AND EXISTS (SELECT 1 FROM \"t_x\".\"items\" AS r2 WHERE "
                + "r2.\"id\" = r1.\"id\" AND (r2.\"na\"\"me\" = $2::text::text))))",
                SqlQueryCompiler.compile(query, FLAT, null).where());
    }

    @org.junit.jupiter.api.Test
    void expansionsAreCorrelatedSubqueriesWithLiteralLimits() {
        RowRendering rendering = new RowRendering() {
            @Override
            public ColumnAccess access() {
                return FLAT;
            }

            @Override
            public String document(String row, TableSchema schema, List<Field> fields, List<Member> extras) {
                return "doc(" + row + extras.stream().map(m -> ", " + m.name() + ": " + m.json()).reduce("", String::concat)
                        + ")";
            }

            @Override
            public String rowIdentity(String alias, TableSchema schema) {
                return alias + ".ctid";
            }
        };
        BoundExpand parent = new BoundExpand(join(false), 1, List.of(), List.of(), null);
        BoundExpand children = new BoundExpand(join(true), 5,
                List.of(new BoundSort(field("id"), false, SortKey.Nulls.DEFAULT)), List.of(parent), null);
        List<RowRendering.Member> members = SqlExpandCompiler.members(List.of(children), "(p.r)", rendering);
        assertEquals("children", members.get(0).name());
        assertEquals("(SELECT coalesce(json_agg(doc((e1.r), parent: (SELECT doc((e2.r)) FROM (SELECT ROW(x2.*)::"
                + "\"t_x\".\"items\" AS r FROM \"t_x\".\"items\" AS x2 WHERE x2.\"id\" = (e1.r).\"id\" LIMIT 1) e2)) "
                + "ORDER BY e1.n), '[]'::json) FROM (SELECT ROW(x1.*)::\"t_x\".\"items\" AS r, row_number() OVER "
                + "(ORDER BY x1.\"id\" ASC NULLS LAST) AS n FROM \"t_x\".\"items\" AS x1 WHERE x1.\"id\" = (p.r).\"id\" "
                + "ORDER BY x1.\"id\" ASC NULLS LAST LIMIT 5) e1)", members.get(0).json());
    }
}
