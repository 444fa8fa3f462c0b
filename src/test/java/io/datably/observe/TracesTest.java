package io.datably.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datably.testsupport.Api;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With tracing on, a request's trace holds the HTTP server span and, beneath it, our spans: the planner's and the
 * provider's statement, saying which table and store they worked on and nothing of the records.
 */
@QuarkusTest
@TestProfile(TracingOn.class)
class TracesTest {
    static final String SCHEMA = """
            {"fields": [{"name": "id", "type": "integer"}, {"name": "title", "type": "string"}],
             "primaryKey": ["id"]}""";
    static final AttributeKey<String> TABLE = AttributeKey.stringKey("datably.table");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("datably.provider");
    static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
    /** A record's value: it must appear in no span of ours. */
    static final String SECRET = "Dune-" + Api.unique();

    @Inject
    InMemorySpanExporter exporter;

    @Test
    void aListIsTracedFromTheRequestThroughThePlannerToTheStore() throws InterruptedException {
        Api api = Api.newTenant();
        String records = api.createTable(api.createDataSource("flat_table"), "books", SCHEMA);
        api.post(records, "[{\"id\": 1, \"title\": \"" + SECRET + "\"}, {\"id\": 2, \"title\": \"other\"}]")
                .statusCode(201);
        api.get(records + "?title=" + SECRET).statusCode(200).body("count", org.hamcrest.Matchers.equalTo(1));

        Traces trace = Traces.of(exporter, records, "datably.plan", "datably.provider.query");
        SpanData server = trace.server();
        assertEquals(SpanKind.SERVER, server.getKind());
        SpanData plan = trace.named("datably.plan");
        SpanData query = trace.named("datably.provider.query");
        assertTrue(trace.underServer(plan), trace::describe);
        assertTrue(trace.underServer(query), trace::describe);
        for (SpanData ours : List.of(plan, query)) {
            assertTable(ours, "books", "flat_table", "postgresql", trace);
            assertFalse(ours.getAttributes().toString().contains(SECRET), trace::describe);
        }
        // The query string is in the server span without its values: the filter's name, not what it looked for.
        assertEquals("title=?", server.getAttributes().get(AttributeKey.stringKey("url.query")), trace::describe);
        assertFalse(trace.describe().contains(SECRET), trace::describe);
        // The planner runs before the statement, not around it: two steps of the request.
        assertTrue(plan.getEndEpochNanos() <= query.getStartEpochNanos(), trace::describe);
    }

    @Test
    void aCreateIsTracedToTheProvidersInsert() throws InterruptedException {
        Api api = Api.newTenant();
        String records = api.createTable(api.createDataSource("jsonb"), "notes", SCHEMA);
        api.post(records, "{\"id\": 7, \"title\": \"" + SECRET + "\"}").statusCode(201);

        Traces trace = Traces.of(exporter, records, "datably.provider.insert");
        SpanData insert = trace.named("datably.provider.insert");
        assertTrue(trace.underServer(insert), trace::describe);
        assertTable(insert, "notes", "jsonb", "postgresql", trace);
        assertFalse(trace.describe().contains(SECRET), trace::describe);
    }

    @Test
    void mongoReadsAndAggregatesAreTracedWithTheirStore() throws InterruptedException {
        Api api = Api.newTenant();
        String records = api.createTable(api.createDataSource("mongodb"), "docs", SCHEMA);
        api.post(records, "{\"id\": 3, \"title\": \"" + SECRET + "\"}").statusCode(201);
        api.get(records + "3").statusCode(200);
        api.get(records + "aggregate?aggregates=count(*)&title=" + SECRET).statusCode(200);

        Traces read = Traces.of(exporter, records + "3", "datably.provider.find");
        SpanData find = read.named("datably.provider.find");
        assertTrue(read.underServer(find), read::describe);
        assertTable(find, "docs", "mongodb", "mongodb", read);

        Traces aggregate = Traces.of(exporter, records + "aggregate", "datably.plan", "datably.provider.aggregate");
        assertTrue(aggregate.underServer(aggregate.named("datably.plan")), aggregate::describe);
        SpanData run = aggregate.named("datably.provider.aggregate");
        assertTrue(aggregate.underServer(run), aggregate::describe);
        assertEquals("mongodb", run.getAttributes().get(DB_SYSTEM));
        assertFalse(read.describe().contains(SECRET) || aggregate.describe().contains(SECRET),
                aggregate::describe);
    }

    /** The span's table attributes: the table's name, its provider and the store behind it. */
    private static void assertTable(SpanData span, String table, String provider, String store, Traces trace) {
        assertEquals(table, span.getAttributes().get(TABLE), trace::describe);
        assertEquals(provider, span.getAttributes().get(PROVIDER), trace::describe);
        assertEquals(store, span.getAttributes().get(DB_SYSTEM), trace::describe);
    }
}
