package io.datably.authz;

import static io.datably.security.EnforcedMode.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datably.security.EnforcedMode;
import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Graph walks under the department example (policies/examples/hr.yaml) with the real Cerbos PDP, on all three
 * providers: a node outside the caller's read row filter is neither answered nor walked through, and an edge outside
 * the edges table's row filter is not taken. Expectations are a BFS over the rows written, through what the caller may
 * read.
 */
@QuarkusTest
@TestProfile(EnforcedMode.class)
class GraphAuthorizationTest {
    private static final String TENANT = "example";
    private static final String APP = "hr";
    private static final String ADMIN = EnforcedMode.token("root", TENANT, "admin");
    private static final String SALES = EnforcedMode.claims("ann", TENANT, "viewer").claim("department", "sales")
            .sign();
    /** Node id → department. */
    private static final Map<Integer, String> PEOPLE = new TreeMap<>(Map.of(1, "sales", 2, "ops", 3, "sales",
            4, "sales", 5, "sales", 6, "sales"));
    /** Edges {from, to, department}: 1 → 2 (ops node) → 3; 1 → 4 → 5 by an ops edge; 4 → 6. */
    private static final List<Object[]> KNOWS = List.of(new Object[] {1, 2, "sales"}, new Object[] {2, 3, "sales"},
            new Object[] {1, 4, "sales"}, new Object[] {4, 5, "ops"}, new Object[] {4, 6, "sales"});
    private static boolean created;

    @BeforeEach
    void createOnce() {
        if (created) {
            return;
        }
        EnforcedMode.sharedAppWithEveryProvider(ADMIN, APP);
        for (String ds : EnforcedMode.PROVIDERS.keySet()) {
            String tables = Api.dsPath(APP, ds) + "datatables/";
            as(ADMIN).body("{\"name\":\"contacts\",\"json_schema\":{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},"
                    + "{\"name\":\"department\",\"type\":\"string\"}],\"primaryKey\":[\"id\"],"
                    + "\"datably:graph\":{\"edges\":\"knows\",\"source\":\"from_id\",\"target\":\"to_id\"}}}")
                    .post(tables).then().statusCode(201);
            as(ADMIN).body("{\"name\":\"knows\",\"json_schema\":{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},"
                    + "{\"name\":\"from_id\",\"type\":\"integer\"},{\"name\":\"to_id\",\"type\":\"integer\"},"
                    + "{\"name\":\"department\",\"type\":\"string\"}],\"primaryKey\":[\"id\"],\"foreignKeys\":["
                    + "{\"fields\":[\"from_id\"],\"reference\":{\"resource\":\"contacts\",\"fields\":[\"id\"]}},"
                    + "{\"fields\":[\"to_id\"],\"reference\":{\"resource\":\"contacts\",\"fields\":[\"id\"]}}]}}")
                    .post(tables).then().statusCode(201);
            List<String> nodes = new ArrayList<>();
            PEOPLE.forEach((id, department) -> nodes.add("{\"id\":" + id + ",\"department\":\"" + department
                    + "\"}"));
            as(ADMIN).body("[" + String.join(",", nodes) + "]").post(Api.recordsPath(APP, ds, "contacts")).then()
                    .statusCode(201);
            List<String> edges = new ArrayList<>();
            for (int i = 0; i < KNOWS.size(); i++) {
                Object[] e = KNOWS.get(i);
                edges.add("{\"id\":" + (i + 1) + ",\"from_id\":" + e[0] + ",\"to_id\":" + e[1] + ",\"department\":\""
                        + e[2] + "\"}");
            }
            as(ADMIN).body("[" + String.join(",", edges) + "]").post(Api.recordsPath(APP, ds, "knows")).then()
                    .statusCode(201);
        }
        created = true;
    }

    /** The nodes reached from {@code start} (itself first) in BFS order, through what {@code department} reads. */
    private static List<Integer> bfs(int start, String department) {
        Set<Integer> seen = new LinkedHashSet<>(List.of(start));
        Deque<Integer> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            int node = queue.poll();
            KNOWS.stream().filter(e -> (int) e[0] == node).sorted((a, b) -> (int) a[1] - (int) b[1])
                    .forEach(e -> {
                        int to = (int) e[1];
                        boolean visible = department == null
                                || (department.equals(e[2]) && department.equals(PEOPLE.get(to)));
                        if (visible && seen.add(to)) {
                            queue.add(to);
                        }
                    });
        }
        return new ArrayList<>(seen);
    }

    private static List<Integer> keys(Response response) {
        response.then().log().ifValidationFails().statusCode(200);
        List<Integer> keys = new ArrayList<>();
        Api.json(response).get("results").forEach(r -> keys.add(r.get("key").asInt()));
        return keys;
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat", "jsonb", "mongo"})
    void hiddenNodesAreNotWalkedThroughAndHiddenEdgesNotTaken(String ds) {
        String graph = Api.tablePath(APP, ds, "contacts") + "graph/";
        assertEquals(List.of(1, 2, 4, 3, 5, 6), bfs(1, null), "the fixture");
        assertEquals(bfs(1, null), keys(as(ADMIN).get(graph + "traverse/?start=1")));
        // 3 is sales but lies behind 2 (ops); 5 is sales but reached only by an ops edge.
        assertEquals(List.of(1, 4, 6), bfs(1, "sales"));
        assertEquals(bfs(1, "sales"), keys(as(SALES).get(graph + "traverse/?start=1")));
        assertEquals(List.of(1, 4, 6), keys(as(SALES).get(graph + "components/?node=1")));
        Api.assertProblem(as(SALES).get(graph + "shortest-path/?from=1&to=3"), 404, "DS104");
        Api.assertProblem(as(SALES).get(graph + "traverse/?start=2"), 404, "DS104");
        assertEquals(List.of(1, 2, 3), pathOf(as(ADMIN).get(graph + "shortest-path/?from=1&to=3")));
    }

    private static List<Integer> pathOf(Response response) {
        response.then().statusCode(200);
        List<Integer> path = new ArrayList<>();
        Api.json(response).get("path").forEach(k -> path.add(k.asInt()));
        return path;
    }
}
