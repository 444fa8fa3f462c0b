package io.datably.api;

import static io.datably.testsupport.Api.as;
import static io.datably.testsupport.Api.count;
import static io.datably.testsupport.Api.createApp;
import static io.datably.testsupport.Api.createDataSource;
import static io.datably.testsupport.Api.dsPath;
import static io.datably.testsupport.Api.hex;
import static io.datably.testsupport.Api.insert;
import static io.datably.testsupport.Api.newTenantId;
import static io.datably.testsupport.Api.recordsPath;
import static io.datably.testsupport.Api.toJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests that race for one slug or name: the catalog's unique constraints decide, and every loser gets the 409
 * DS110 a sequential duplicate gets (never a 500), naming the field. Each round releases all requests at once.
 */
@QuarkusTest
class ConcurrentCatalogTest {
    private static final int PARALLEL = 8;
    private static final int ROUNDS = 3;

    private String tenant;

    @BeforeEach
    void tenant() {
        tenant = newTenantId("race");
    }

    /** Runs {@code PARALLEL} calls released together; answers their responses. */
    private static List<Response> atOnce(IntFunction<Response> call) {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < PARALLEL; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.apply(n);
                }));
            }
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> future : futures) {
                responses.add(future.get());
            }
            return responses;
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One response with the winner's status, all others 409 DS110 problems naming {@code field}. */
    private static void assertOneWinner(List<Response> responses, int winner, String field) {
        String statuses = responses.stream().map(r -> r.statusCode() + " " + r.asString())
                .collect(Collectors.joining("\n"));
        assertEquals(1, responses.stream().filter(r -> r.statusCode() == winner).count(), statuses);
        for (Response response : responses) {
            if (response.statusCode() != winner) {
                assertEquals(409, response.statusCode(), statuses);
                assertTrue(response.contentType().startsWith("application/problem+json"), statuses);
                assertEquals("DS110", response.path("code"), statuses);
                assertEquals(List.of(field), response.path("errors.field"), statuses);
                assertTrue(!response.asString().contains("Key ("), "PostgreSQL's text in " + statuses);
            }
        }
    }

    @Test
    void concurrentCreatesOfOneAppSlug() {
        for (int round = 0; round < ROUNDS; round++) {
            String slug = "same-" + round;
            assertOneWinner(atOnce(n -> as(tenant).body(toJson(Map.of("name", "App " + n, "slug", slug)))
                    .post("/api/apps/")), 201, "slug");
            // Without a slug, one is derived from the name: the same race.
            String name = "Derived " + round;
            assertOneWinner(atOnce(n -> as(tenant).body(toJson(Map.of("name", name))).post("/api/apps/")), 201,
                    "slug");
        }
        assertEquals(2 * ROUNDS, count(tenant, "/api/apps/"));
    }

    @Test
    void concurrentCreatesOfOneDataSourceSlug() {
        String app = createApp(tenant, "App", "app-" + hex(6));
        for (int round = 0; round < ROUNDS; round++) {
            String slug = "ds-" + round;
            assertOneWinner(atOnce(n -> as(tenant).body(toJson(Map.of("name", "DS " + n, "slug", slug,
                    "provider_type", "jsonb"))).post("/api/apps/" + app + "/datasources/")), 201, "slug");
        }
        assertEquals(ROUNDS, count(tenant, "/api/apps/" + app + "/datasources/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat_table", "jsonb", "mongodb"})
    void concurrentCreatesOfOneDataTableName(String provider) {
        String app = createApp(tenant, "App", "app-" + hex(6));
        String ds = createDataSource(tenant, app, "ds", provider);
        for (int round = 0; round < ROUNDS; round++) {
            String name = "t" + round;
            assertOneWinner(atOnce(n -> as(tenant).body("{\"name\":\"" + name + "\",\"description\":\"" + n
                    + "\",\"json_schema\":{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"}],"
                    + "\"primaryKey\":[\"id\"]}}").post(dsPath(app, ds) + "datatables/")), 201, "name");
            // The winner's table is whole: it takes and returns records.
            insert(tenant, recordsPath(app, ds, name), "{\"id\":1}");
            assertEquals(1, count(tenant, recordsPath(app, ds, name)));
        }
        assertEquals(ROUNDS, count(tenant, dsPath(app, ds) + "datatables/"));
    }

    @Test
    void concurrentChangesToOneSlug() {
        List<String> apps = new ArrayList<>();
        for (int i = 0; i <= PARALLEL; i++) {
            apps.add(createApp(tenant, "App " + i, "app-" + i + "-" + hex(4)));
        }
        assertOneWinner(atOnce(n -> as(tenant).body("{\"slug\":\"patched\"}").patch("/api/apps/" + apps.get(n) + "/")),
                200, "slug");
        List<String> left = apps.stream().filter(a -> as(tenant).get("/api/apps/" + a + "/").statusCode() == 200)
                .toList();
        assertEquals(PARALLEL, left.size());
        assertOneWinner(atOnce(n -> as(tenant).body("{\"name\":\"P\",\"slug\":\"put\"}")
                .put("/api/apps/" + left.get(n) + "/")), 200, "slug");
        as(tenant).get("/api/apps/patched/").then().statusCode(200);
        as(tenant).get("/api/apps/put/").then().statusCode(200);

        String app = "patched";
        for (int i = 0; i < PARALLEL; i++) {
            createDataSource(tenant, app, "ds-" + i, "flat_table");
        }
        assertOneWinner(atOnce(n -> as(tenant).body("{\"slug\":\"moved\"}").patch(dsPath(app, "ds-" + n))), 200,
                "slug");
        as(tenant).get(dsPath(app, "moved")).then().statusCode(200);
        assertEquals(PARALLEL, count(tenant, "/api/apps/" + app + "/datasources/"));
    }
}
