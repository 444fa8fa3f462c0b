package io.datably.authz;

import static io.datably.security.EnforcedMode.as;
import static org.hamcrest.Matchers.matchesPattern;

import io.datably.security.EnforcedMode;
import io.datably.testsupport.Api;
import io.datably.testsupport.CerbosResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fail closed: once the PDP is gone, every request that needs a decision is a 503 with Retry-After (DS502), never an
 * allow.
 */
@QuarkusTest
@TestProfile(PdpDownTest.PdpThatStops.class)
class PdpDownTest {
    /**
     * The system property holding the PDP's process id: the profile and the test run in different class loaders, so
     * they share no static field, but they share the JVM's properties.
     */
    private static final String PDP_PID = "pdp-down-test.pid";

    /** Enforced mode with a PDP started here rather than as a test resource, so the test can stop it. */
    public static class PdpThatStops extends EnforcedMode {
        private static final String PDP_URL = "pdp-down-test.url";

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            // The profile is read in more than one class loader: one PDP for all of them.
            synchronized (System.class) {
                if (System.getProperty(PDP_URL) == null) {
                    CerbosResource pdp = new CerbosResource();
                    pdp.start();
                    // Stopped by the test; this stops it should the test fail first.
                    Runtime.getRuntime().addShutdownHook(new Thread(pdp::stop));
                    System.setProperty(PDP_URL, pdp.url());
                    System.setProperty(PDP_PID, pdp.pid().toString());
                }
            }
            config.put(CerbosResource.URL_PROPERTY, System.getProperty(PDP_URL));
            config.put("datably.authz.timeout", "1s");
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OidcWiremockTestResource.class));
        }
    }

    @Test
    void withoutItsDecisionPointTheServiceRefusesEverything() {
        String tenant = Api.newTenantId("down");
        String admin = EnforcedMode.token("root", tenant, "admin");
        as(admin).body("{\"name\":\"A\",\"slug\":\"a\"}").post("/api/apps/").then().statusCode(201);
        as(admin).body("{\"name\":\"d\",\"slug\":\"d\",\"provider_type\":\"jsonb\"}").post("/api/apps/a/datasources/")
                .then().statusCode(201);
        as(admin).body("{\"name\":\"t\",\"json_schema\":{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"}],"
                + "\"primaryKey\":[\"id\"]}}").post("/api/apps/a/datasources/d/datatables/").then().statusCode(201);
        String records = Api.recordsPath("a", "d", "t");
        as(admin).body("{\"id\":1}").post(records).then().statusCode(201);
        ProcessHandle pdp = ProcessHandle.of(Long.parseLong(System.getProperty(PDP_PID))).orElseThrow();
        pdp.destroy();
        pdp.onExit().join();
        // Another caller: no decision of theirs is cached.
        String other = EnforcedMode.token("root2", tenant, "admin");
        List<io.restassured.response.Response> refused = List.of(
                as(other).get("/api/apps/"),
                as(other).body("{\"name\":\"B\",\"slug\":\"b\"}").post("/api/apps/"),
                as(other).get(records),
                as(other).get(records + "1"),
                as(other).body("{\"id\":2}").post(records),
                as(other).delete(records + "1"));
        for (var response : refused) {
            Api.assertProblem(response, 503, "DS502").header("Retry-After", matchesPattern("[1-9][0-9]*"));
        }
        // TreeQL answers in its own format, with the same status.
        as(other).get(Api.dsPath("a", "d") + "records/t").then().statusCode(503)
                .body("code", org.hamcrest.Matchers.equalTo(9999));
    }
}
