package io.datably.observe;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The service with tracing switched on as an operator would ({@code quarkus.otel.sdk.disabled=false}), spans going
 * to {@link InMemorySpans} only: the OTLP exporter is left out of the build, so nothing tries to reach a collector.
 */
public class TracingOn implements QuarkusTestProfile {
    static final Map<String, String> SETTINGS = Map.of(
            "quarkus.otel.sdk.disabled", "false",
            "quarkus.otel.exporter.otlp.enabled", "false",
            // The batch processor's default delay (5s) would make each test wait for its spans.
            "quarkus.otel.bsp.schedule.delay", "20ms");

    @Override
    public Map<String, String> getConfigOverrides() {
        return SETTINGS;
    }
}
