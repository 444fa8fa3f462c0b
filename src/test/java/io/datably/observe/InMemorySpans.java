package io.datably.observe;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Tests' span exporter: Quarkus hands every {@code SpanExporter} bean to the SDK ({@code quarkus.otel.traces.exporter}
 * is {@code cdi} by default), so spans land here instead of going over the network. Present in every test
 * application, it receives spans only where a profile switches the SDK on ({@link TracingOn}).
 */
public class InMemorySpans {

    @Produces
    @Singleton
    @Unremovable
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
