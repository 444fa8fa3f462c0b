package io.datably.authz;

import static io.datably.security.EnforcedMode.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.security.EnforcedMode;
import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The audit trail under the default policies (policies/record.yaml) with the real Cerbos PDP, on all three providers:
 * reading it takes {@code audit}, which admins and auditors have and editors and viewers have not; entries name the
 * token's subject as the actor.
 */
@QuarkusTest
@TestProfile(EnforcedMode.class)
class AuditAuthorizationTest {
    private static final String TENANT = Api.newTenantId("audit");
    private static final String APP = "ledger";
    private static final String ADMIN = EnforcedMode.token("root", TENANT, "admin");
    private static final String EDITOR = EnforcedMode.token("ed", TENANT, "editor");
    private static final String VIEWER = EnforcedMode.token("vi", TENANT, "viewer");
    private static final String AUDITOR = EnforcedMode.token("au", TENANT, "auditor");
    private static boolean created;

    @BeforeEach
    void createOnce() {
        if (created) {
            return;
        }
        EnforcedMode.appWithEveryProvider(ADMIN, APP);
        for (String ds : EnforcedMode.PROVIDERS.keySet()) {
            as(ADMIN).body("{\"name\":\"entries\",\"json_schema\":{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},"
                    + "{\"name\":\"amount\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}}")
                    .post(Api.dsPath(APP, ds) + "datatables/").then().statusCode(201);
            as(EDITOR).body("{\"id\":1,\"amount\":10}").post(Api.recordsPath(APP, ds, "entries")).then()
                    .statusCode(201);
            as(EDITOR).body("{\"amount\":12}").patch(Api.recordsPath(APP, ds, "entries") + "1/").then()
                    .statusCode(200);
        }
        created = true;
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat", "jsonb", "mongo"})
    void onlyAdminsAndAuditorsReadTheTrail(String ds) {
        String audit = Api.tablePath(APP, ds, "entries") + "audit/";
        String history = Api.recordsPath(APP, ds, "entries") + "1/history/";
        for (String token : new String[] {EDITOR, VIEWER}) {
            for (String path : new String[] {audit, history}) {
                Response refused = as(token).get(path);
                assertEquals(403, refused.statusCode(), refused.asString());
                assertEquals("DS302", Api.json(refused).get("code").asText());
            }
        }
        for (String token : new String[] {ADMIN, AUDITOR}) {
            Response answer = as(token).get(history + "?ordering=at");
            assertEquals(200, answer.statusCode(), answer.asString());
            JsonNode entries = Api.json(answer).get("results");
            assertEquals(2, entries.size());
            assertEquals("create", entries.get(0).get("action").asText());
            assertEquals("update", entries.get(1).get("action").asText());
            entries.forEach(e -> assertEquals("ed", e.get("actor").asText(), "the editor's subject"));
            assertEquals(2, Api.json(as(token).get(audit)).get("count").asInt());
        }
        // Auditors read, and change nothing.
        assertEquals(403, as(AUDITOR).body("{\"amount\":0}").patch(Api.recordsPath(APP, ds, "entries") + "1/")
                .statusCode());
    }
}
