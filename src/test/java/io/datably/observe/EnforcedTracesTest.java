package io.datably.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datably.security.EnforcedMode;
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

/** In enforced mode, the calls to the Cerbos PDP that decide a request are spans of its trace. */
@QuarkusTest
@TestProfile(TracingOnEnforced.class)
class EnforcedTracesTest {
    static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");

    @Inject
    InMemorySpanExporter exporter;

    @Test
    void thePdpsDecisionIsPartOfTheRequestsTrace() throws InterruptedException {
        String tenant = Api.newTenantId("t");
        String admin = EnforcedMode.token("root", tenant, "admin");
        String app = "app" + Api.unique();
        EnforcedMode.appWithEveryProvider(admin, app);
        String records = Api.recordsPath(app, "flat", "books");
        EnforcedMode.as(admin).body("{\"name\": \"books\", \"json_schema\": " + TracesTest.SCHEMA + "}")
                .post(Api.dsPath(app, "flat") + "datatables/").then().statusCode(201);
        EnforcedMode.as(admin).body("{\"id\": 1, \"title\": \"" + TracesTest.SECRET + "\"}").post(records)
                .then().statusCode(201);
        EnforcedMode.as(admin).get(records + "?title=" + TracesTest.SECRET).then().statusCode(200);

        Traces trace = Traces.of(exporter, records, "datably.plan", "datably.provider.query");
        List<SpanData> pdp = trace.matching(s -> s.getKind() == SpanKind.CLIENT
                && String.valueOf(s.getAttributes().get(URL_FULL)).contains("/api/"));
        assertFalse(pdp.isEmpty(), () -> "no call to the PDP in" + trace.describe());
        for (SpanData call : pdp) {
            assertTrue(trace.underServer(call), trace::describe);
            assertEquals("POST", call.getAttributes().get(AttributeKey.stringKey("http.request.method")));
        }
        assertTrue(trace.underServer(trace.named("datably.provider.query")), trace::describe);
        assertFalse(trace.describe().contains(TracesTest.SECRET), trace::describe);
    }
}
