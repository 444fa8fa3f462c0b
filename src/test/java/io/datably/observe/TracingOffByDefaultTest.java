package io.datably.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.datably.testsupport.Api;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.common.Attributes;
import io.smallrye.mutiny.Uni;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Without settings (the suite's shared application), tracing is off: {@link Spans} makes none and requests make no
 * spans either, so nothing is ever exported (nor sent to a collector at localhost:4317).
 */
@QuarkusTest
class TracingOffByDefaultTest {
    @Inject
    InMemorySpanExporter exporter;
    @Inject
    Spans spans;

    @Test
    void requestsMakeNoSpans() throws InterruptedException {
        // Our spans are not even made (the disabled SDK's tracer would still record them, unexported): the work runs
        // with no span around it.
        assertFalse(spans.call("probe", Attributes::empty, Span::current).getSpanContext().isValid());
        assertFalse(spans.around("probe", Attributes::empty, () -> Uni.createFrom().item(Span::current))
                .await().indefinitely().getSpanContext().isValid());

        Api api = Api.newTenant();
        String records = api.createTable(api.createDataSource("flat_table"), "books", TracesTest.SCHEMA);
        api.post(records, "{\"id\": 1, \"title\": \"x\"}").statusCode(201);
        api.get(records + "?title=x").statusCode(200);
        // With the SDK on, the batch processor would export within its delay (5s by default, 20ms in TracingOn).
        Thread.sleep(200);
        assertEquals(List.of(), exporter.getFinishedSpanItems());
    }
}
