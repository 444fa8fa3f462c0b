package io.datably.provider.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datably.provider.spi.Capabilities;
import io.datably.query.parse.NativeAggregateParser;
import io.datably.query.plan.AggregatePlanner;
import io.datably.query.plan.QueryPlanner;
import io.datably.schema.model.Field;
import io.datably.schema.model.TableSchema;
import io.datably.schema.validate.RecordCaster;
import io.datably.schema.validate.SchemaDescriptorParser;
import io.datably.testsupport.Api;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden test: one planned aggregate → the PostgreSQL statement and its parameters. */
class SqlAggregateCompilerTest {
    private static final TableSchema SCHEMA = SchemaDescriptorParser.parse(Api.json("""
            {"fields":[{"name":"id","type":"integer"},{"name":"category","type":"string"},
              {"name":"price","type":"number"},{"name":"at","type":"datetime"}],"primaryKey":["id"]}""")).schema();
    private static final ColumnAccess FLAT = (row, f) -> row + "." + Sql.quote(f.name());

    @Test
    void groupedStatement() {
        var target = new QueryPlanner.Target("flat_table", SCHEMA, new RecordCaster(SCHEMA), new Capabilities(true, true));
        var bound = new AggregatePlanner().plan(NativeAggregateParser.parse(Map.of(
                "price__gt", List.of("1"), "group_by", List.of("category,at:month"),
                "aggregates", List.of("count(*),sum(price),max(category)"), "having", List.of("sum_price__gte=10"),
                "ordering", List.of("-sum_price"), "limit", List.of("5"))), target);
        var compiled = SqlAggregateCompiler.compile(bound, "\"s\".\"t\"", FLAT);
        assertEquals("SELECT coalesce(json_agg(json_build_object('category', g.c0, 'at_month', "
                + "to_char(g.c1, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), 'count', g.c2, 'sum_price', CASE WHEN g.c3 = "
                + "'Infinity' THEN to_jsonb('INF'::text) WHEN g.c3 = '-Infinity' THEN to_jsonb('-INF'::text) ELSE "
                + "to_jsonb(g.c3) END, 'max_category', g.c4) ORDER BY g.c3 DESC NULLS FIRST, g.c0 COLLATE \"C\" ASC "
                + "NULLS LAST, g.c1 ASC NULLS LAST), '[]'::json)::text FROM (SELECT * FROM (SELECT t.\"category\" AS c0, "
                + "date_trunc('month', (t.\"at\" AT TIME ZONE 'UTC')) AS c1, count(*) AS c2, sum(t.\"price\") AS c3, "
                + "max(t.\"category\" COLLATE \"C\") AS c4 FROM \"s\".\"t\" AS t WHERE (t.\"price\" > $1::text::numeric) "
                + "GROUP BY t.\"category\", date_trunc('month', (t.\"at\" AT TIME ZONE 'UTC')) HAVING "
                + "(sum(t.\"price\") >= $2::text::numeric)) g ORDER BY g.c3 DESC NULLS FIRST, g.c0 COLLATE \"C\" ASC "
                + "NULLS LAST, g.c1 ASC NULLS LAST LIMIT 5) g", compiled.sql());
        assertEquals(List.of("1", "10"), compiled.params());
    }
}
