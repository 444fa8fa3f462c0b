package io.datably.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.testsupport.Api;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A token of tenant B, aimed at everything of tenant A through every endpoint of the native, TreeQL and catalog APIs
 * (the endpoints are read from the service's own OpenAPI document, so a new endpoint fails this test until it is
 * swept): 403/404, never a byte of A's data in the answer, and A's stores exactly as before. The same requests with
 * {@code X-Tenant: A} or A's sub-domain as host are 403, and without a token 401.
 */
@QuarkusTest
@TestProfile(EnforcedMode.class)
class CrossTenantSweepTest {
    @Inject
    Pool pool;
    @Inject
    ReactiveMongoClient mongo;

    /** How tenant B (or nobody) tries, and what each attempt must get. */
    private enum Attempt {
        TOKEN_OF_B(Set.of(403, 404)), X_TENANT_OF_A(Set.of(403)), HOST_OF_A(Set.of(403)), NO_TOKEN(Set.of(401));

        final Set<Integer> allowed;

        Attempt(Set<Integer> allowed) {
            this.allowed = allowed;
        }
    }

    @Test
    void everyEndpointRefusesTenantBAndLeavesTenantAUnchanged() {
        TenantFixture a = TenantFixture.create(pool);
        String b = Api.newTenantId("tb");
        String tokenOfB = EnforcedMode.token("mallory", b, "admin");
        Map<String, String> before = TenantSnapshot.of(a.tenant(), pool, mongo);

        List<SweepProbes.Probe> probes = SweepProbes.aimedAt(a);
        assertEquals(openApiOperations(), covered(probes),
                "every operation of /q/openapi must be swept (add its probes to SweepProbes), and only those");

        List<Executable> checks = new ArrayList<>();
        for (SweepProbes.Probe probe : probes) {
            for (Attempt attempt : Attempt.values()) {
                checks.add(() -> {
                    Response response = send(attempt, probe, a, tokenOfB);
                    String where = attempt + " " + probe.method() + " " + probe.path() + " answered "
                            + response.statusCode() + ": " + response.asString();
                    Set<Integer> allowed = probe.ownScope() && attempt == Attempt.TOKEN_OF_B ? Set.of(200, 201)
                            : attempt.allowed;
                    assertTrue(allowed.contains(response.statusCode()), where);
                    assertFalse(response.asString().contains(a.secret()), "leaks A's data: " + where);
                });
            }
        }
        assertAll(checks);

        // B's own view of the tenant-wide endpoints: empty, then B's own objects named like A's.
        JsonNode apps = Api.json(bearer(tokenOfB).get("/api/apps/?is_active=false"));
        assertEquals(0, apps.path("count").asInt(), apps.toString());
        assertAll(ownScopeAttempts(a, tokenOfB));

        Map<String, String> after = TenantSnapshot.of(a.tenant(), pool, mongo);
        assertEquals(before.keySet(), after.keySet(), "tenant A's tables or collections changed");
        assertAll(before.keySet().stream().map(part -> () -> assertEquals(before.get(part), after.get(part),
                "tenant A's " + part + " changed")));
        // The snapshot is not vacuous: A still reads its own records through the API.
        Response own = bearer(a.token()).get(a.records("mongodb") + "1/");
        assertEquals(200, own.statusCode(), own.asString());
        assertTrue(own.asString().contains(a.secret()), own.asString());
    }

    /**
     * B makes its own app, datasource and table with A's names, then reaches for A's objects by the identifiers it may
     * have learnt (an operation id, an index name, a raw table of A's schema) from there: nothing of A is touched.
     */
    private static List<Executable> ownScopeAttempts(TenantFixture a, String tokenOfB) {
        String ds = a.datasource("flat_table");
        bearer(tokenOfB).body(Api.toJson(Map.of("name", "Own", "slug", a.app()))).post("/api/apps/")
                .then().statusCode(201);
        bearer(tokenOfB).body(Api.toJson(Map.of("name", ds, "slug", ds, "provider_type", "flat_table")))
                .post(Api.appPath(a.app()) + "datasources/").then().statusCode(201);
        bearer(tokenOfB).body("{\"name\":\"items\",\"json_schema\":" + TenantFixture.ITEMS_V1 + "}")
                .post(Api.dsPath(a.app(), ds) + "datatables/").then().statusCode(201);
        String table = Api.tablePath(a.app(), ds, "items");
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertStatus(404, bearer(tokenOfB).post(table + "operations/" + a.updateOperation(ds)
                + "/rollback/")));
        checks.add(() -> assertStatus(404, bearer(tokenOfB).delete(table + "indexes/" + a.index(ds) + "/")));
        for (String body : List.of("{}", "{\"tables\":[\"" + TenantFixture.RAW_TABLE + "\"]}")) {
            checks.add(() -> {
                Response adopted = bearer(tokenOfB).body(body).post(Api.dsPath(a.app(), ds) + "adopt/");
                assertTrue(adopted.statusCode() < 300 || adopted.statusCode() == 400, adopted.asString());
                assertEquals(0, Api.json(adopted).path("adopted").size(), adopted.asString());
            });
        }
        checks.add(() -> {
            Response records = bearer(tokenOfB).get(Api.recordsPath(a.app(), ds, "items"));
            assertStatus(200, records);
            assertEquals(0, Api.json(records).path("count").asInt(), records.asString());
        });
        return checks;
    }

    private static Response send(Attempt attempt, SweepProbes.Probe probe, TenantFixture a, String tokenOfB) {
        RequestSpecification request = attempt == Attempt.NO_TOKEN ? given().contentType("application/json")
                : bearer(tokenOfB);
        if (attempt == Attempt.X_TENANT_OF_A) {
            request.header(Authentication.TENANT_HEADER, a.tenant());
        } else if (attempt == Attempt.HOST_OF_A) {
            request.header("Host", a.tenant() + "." + EnforcedMode.DOMAIN);
        }
        if (probe.contentType() != null) {
            // Bodies of other types (CSV, NDJSON) as their bytes: RestAssured encodes only the types it knows.
            request.contentType(probe.contentType()).body(probe.body().getBytes(StandardCharsets.UTF_8));
        } else if (probe.body() != null) {
            request.body(probe.body());
        }
        if (probe.accept() != null) {
            request.accept(probe.accept());
        }
        return request.request(probe.method(), probe.path());
    }

    /** Every operation the service describes under /api, as "METHOD /path/{param}" without a trailing slash. */
    private static Set<String> openApiOperations() {
        JsonNode paths = Api.json(given().accept("application/json").get("/q/openapi?format=json")).path("paths");
        Set<String> operations = new TreeSet<>();
        paths.fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (path.getKey().startsWith("/api/") && Set.of("get", "put", "post", "patch", "delete", "head",
                    "options").contains(method)) {
                operations.add(method.toUpperCase() + " " + SweepProbes.withoutTrailingSlash(path.getKey()));
            }
        }));
        assertFalse(operations.isEmpty(), "no /api operation in /q/openapi");
        return operations;
    }

    private static Set<String> covered(List<SweepProbes.Probe> probes) {
        Set<String> covered = new TreeSet<>();
        probes.forEach(probe -> covered.add(probe.method() + " " + probe.template()));
        return covered;
    }

    static RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json");
    }

    private static void assertStatus(int status, Response response) {
        assertEquals(status, response.statusCode(), response.asString());
    }
}
