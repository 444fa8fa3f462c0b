package io.datably.authz;

import static io.datably.security.EnforcedMode.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.security.EnforcedMode;
import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hierarchy walks under the department example (policies/examples/hr.yaml) with the real Cerbos PDP, on all three
 * providers: a node outside the caller's read row filter is neither answered nor walked through, so the sales people
 * under an ops manager are out of a sales caller's reach from above. Expectations are a BFS over the rows written,
 * through the nodes the caller may read.
 */
@QuarkusTest
@TestProfile(EnforcedMode.class)
class HierarchyAuthorizationTest {
    private static final String TENANT = "example";
    private static final String APP = "hr";
    private static final String ADMIN = EnforcedMode.token("root", TENANT, "admin");
    private static final String SALES = EnforcedMode.claims("ann", TENANT, "viewer").claim("department", "sales")
            .sign();
    /** id → {manager (0: none), department}: 1 (sales) → 2 (ops) → 3 (sales), 1 → 4 (sales) → 5 (sales). */
    private static final Map<Integer, Object[]> ORG = new TreeMap<>(Map.of(
            1, new Object[] {0, "sales"}, 2, new Object[] {1, "ops"}, 3, new Object[] {2, "sales"},
            4, new Object[] {1, "sales"}, 5, new Object[] {4, "sales"}));
    private static boolean created;

    @BeforeEach
    void createOnce() {
        if (created) {
            return;
        }
        EnforcedMode.sharedAppWithEveryProvider(ADMIN, APP);
        for (String ds : EnforcedMode.PROVIDERS.keySet()) {
            String tables = Api.dsPath(APP, ds) + "datatables/";
            as(ADMIN).body("{\"name\":\"orgchart\",\"json_schema\":{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},"
                    + "{\"name\":\"department\",\"type\":\"string\"},{\"name\":\"manager_id\",\"type\":\"integer\"}],"
                    + "\"primaryKey\":[\"id\"],\"foreignKeys\":[{\"fields\":[\"manager_id\"],\"reference\":{"
                    + "\"resource\":\"\",\"fields\":[\"id\"]}}]}}").post(tables).then().statusCode(201);
            List<String> rows = new ArrayList<>();
            ORG.forEach((id, r) -> rows.add("{\"id\":" + id + ",\"manager_id\":" + ((int) r[0] == 0 ? "null" : r[0])
                    + ",\"department\":\"" + r[1] + "\"}"));
            as(ADMIN).body("[" + String.join(",", rows) + "]").post(Api.recordsPath(APP, ds, "orgchart")).then()
                    .statusCode(201);
        }
        created = true;
    }

    /** The descendants of {@code start} in BFS order (key order within a level), through {@code department} only. */
    private static List<Integer> bfs(int start, String department) {
        List<Integer> out = new ArrayList<>();
        Deque<Integer> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            int node = queue.poll();
            ORG.forEach((id, r) -> {
                if ((int) r[0] == node && (department == null || r[1].equals(department))) {
                    out.add(id);
                    queue.add(id);
                }
            });
        }
        return out;
    }

    private static List<Integer> ids(Response response) {
        response.then().log().ifValidationFails().statusCode(200);
        List<Integer> ids = new ArrayList<>();
        Api.json(response).get("results").forEach(r -> ids.add(r.get("id").asInt()));
        return ids;
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat", "jsonb", "mongo"})
    void aNodeOutsideTheRowFilterIsNeitherAnsweredNorWalkedThrough(String ds) {
        String org = Api.recordsPath(APP, ds, "orgchart");
        assertEquals(bfs(1, null), ids(as(ADMIN).get(org + "1/descendants/")));
        assertEquals(bfs(1, "sales"), ids(as(SALES).get(org + "1/descendants/")));
        // 3 is sales, but reached only through 2 (ops): not in the sales caller's tree nor its ancestors' chain.
        JsonNode tree = Api.json(as(SALES).get(org + "tree/"));
        assertEquals(1, tree.get("results").size());
        assertEquals(List.of(4), childIds(tree.get("results").get(0)));
        assertEquals(List.of(), ids(as(SALES).get(org + "3/ancestors/")));
        assertEquals(List.of(2, 1), ids(as(ADMIN).get(org + "3/ancestors/")));
        Api.assertProblem(as(SALES).get(org + "2/descendants/"), 404, "DS104");
        Api.assertProblem(as(SALES).get(org + "2/siblings/"), 404, "DS104");
        assertEquals(List.of(), ids(as(SALES).get(org + "4/siblings/")));
        assertEquals(List.of(2), ids(as(ADMIN).get(org + "4/siblings/")));
    }

    private static List<Integer> childIds(JsonNode node) {
        List<Integer> ids = new ArrayList<>();
        node.get("children").forEach(c -> ids.add(c.get("id").asInt()));
        return ids;
    }
}
