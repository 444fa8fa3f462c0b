package io.datably.provider;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.testsupport.Api;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Graph walks (issue 15) on each provider over the same fixture: 32 people, some inactive, following each other along
 * weighted edges (weights 1 to 3, so paths tie) with cycles, self-loops, a second component and an isolated node;
 * tasks whose dependencies form a DAG (the graph inferred); staff with a manager (a self-reference). Every answer is
 * compared with a plain BFS, DFS or Dijkstra computed here from the rows written.
 */
public abstract class GraphContractTests {
    private static final int PEOPLE = 32;
    private Api api;
    private String ds;
    private String graph;
    /** The edges written: {id, follower, followee, weight}. */
    private final List<int[]> edges = new ArrayList<>();
    private final Set<Integer> inactive = new TreeSet<>();

    protected abstract String providerType();

    @BeforeEach
    void followers() {
        api = Api.newTenant();
        ds = api.createDataSource(providerType());
        // The node table declares its graph before the edges table exists.
        String people = api.createTable(ds, "people", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"},
                            {"name": "status", "type": "string"}],
                 "primaryKey": ["id"],
                 "datably:graph": {"edges": "follows", "source": "follower_id", "target": "followee_id",
                                   "weight": "weight"}}""");
        String follows = api.createTable(ds, "follows", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "follower_id", "type": "integer"},
                            {"name": "followee_id", "type": "integer"}, {"name": "weight", "type": "integer"}],
                 "primaryKey": ["id"],
                 "foreignKeys": [
                   {"fields": ["follower_id"], "reference": {"resource": "people", "fields": ["id"]}},
                   {"fields": ["followee_id"], "reference": {"resource": "people", "fields": ["id"]}}]}""");
        graph = ds + "/datatables/people/graph/";
        inactive.clear();
        edges.clear();
        List<String> rows = new ArrayList<>();
        for (int id = 1; id <= PEOPLE; id++) {
            boolean off = id % 7 == 3;
            if (off) {
                inactive.add(id);
            }
            rows.add("{\"id\": " + id + ", \"name\": \"p" + id + "\", \"status\": \"" + (off ? "inactive" : "active")
                    + "\"}");
        }
        api.post(people, "[" + String.join(",", rows) + "]").statusCode(201);
        Random random = new Random(15);
        Set<String> pairs = new HashSet<>();
        // People 1..25 follow each other (cycles), 26..31 are a component of their own, 32 follows nobody.
        for (int i = 0; i < 70; i++) {
            int a = 1 + random.nextInt(25);
            int b = 1 + random.nextInt(25);
            addEdge(pairs, a, b, 1 + random.nextInt(3));
        }
        addEdge(pairs, 4, 4, 1); // self-loops
        addEdge(pairs, 9, 9, 2);
        for (int a = 26; a < 31; a++) {
            addEdge(pairs, a, a + 1, 2);
        }
        addEdge(pairs, 31, 26, 1);
        List<String> edgeRows = new ArrayList<>();
        edges.forEach(e -> edgeRows.add("{\"id\": " + e[0] + ", \"follower_id\": " + e[1] + ", \"followee_id\": "
                + e[2] + ", \"weight\": " + e[3] + "}"));
        api.post(follows, "[" + String.join(",", edgeRows) + "]").statusCode(201);
    }

    private void addEdge(Set<String> pairs, int a, int b, int weight) {
        if (pairs.add(a + ">" + b)) {
            edges.add(new int[] {edges.size() + 1, a, b, weight});
        }
    }

    // --- the reference walks, over the rows written ---

    /** A node reached: key, depth, path. */
    private record Visit(int key, int depth, List<Integer> path) {
    }

    private Map<Integer, List<int[]>> adjacency(String direction, IntPredicate edgeOk) {
        Map<Integer, List<int[]>> out = new HashMap<>();
        for (int[] e : edges) {
            if (!edgeOk.test(e[3])) {
                continue;
            }
            if (!direction.equals("in")) {
                out.computeIfAbsent(e[1], k -> new ArrayList<>()).add(new int[] {e[2], e[3]});
            }
            if (!direction.equals("out")) {
                out.computeIfAbsent(e[2], k -> new ArrayList<>()).add(new int[] {e[1], e[3]});
            }
        }
        out.values().forEach(list -> list.sort(Comparator.comparingInt(x -> x[0])));
        return out;
    }

    /** Queue BFS, neighbours in key order, nodes failing {@code nodeOk} not entered (the start always is). */
    private List<Visit> bfs(int start, String direction, int maxDepth, IntPredicate nodeOk, IntPredicate edgeOk) {
        Map<Integer, List<int[]>> adj = adjacency(direction, edgeOk);
        Map<Integer, Visit> seen = new LinkedHashMap<>();
        seen.put(start, new Visit(start, 0, List.of(start)));
        ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            Visit from = seen.get(queue.poll());
            if (from.depth() == maxDepth) {
                continue;
            }
            for (int[] next : adj.getOrDefault(from.key(), List.of())) {
                if (!seen.containsKey(next[0]) && nodeOk.test(next[0])) {
                    List<Integer> path = new ArrayList<>(from.path());
                    path.add(next[0]);
                    seen.put(next[0], new Visit(next[0], from.depth() + 1, path));
                    queue.add(next[0]);
                }
            }
        }
        return new ArrayList<>(seen.values());
    }

    /** Every simple path of at most {@code maxDepth} edges, in lexicographic order; each node at its first. */
    private List<Visit> dfs(int start, String direction, int maxDepth) {
        Map<Integer, List<int[]>> adj = adjacency(direction, w -> true);
        Map<Integer, Visit> first = new LinkedHashMap<>();
        enumerate(start, adj, new ArrayList<>(), maxDepth, first);
        return new ArrayList<>(first.values());
    }

    private void enumerate(int node, Map<Integer, List<int[]>> adj, List<Integer> path, int maxDepth,
                           Map<Integer, Visit> first) {
        path.add(node);
        first.putIfAbsent(node, new Visit(node, path.size() - 1, List.copyOf(path)));
        if (path.size() - 1 < maxDepth) {
            for (int[] next : adj.getOrDefault(node, List.of())) {
                if (!path.contains(next[0])) {
                    enumerate(next[0], adj, path, maxDepth, first);
                }
            }
        }
        path.remove(path.size() - 1);
    }

    /** Dijkstra ordered by (cost, path): the least cost, then the lexicographically least path. */
    private Object[] dijkstra(int from, int to, String direction) {
        Map<Integer, List<int[]>> adj = adjacency(direction, w -> true);
        record Entry(int cost, List<Integer> path) {
        }
        PriorityQueue<Entry> queue = new PriorityQueue<>((x, y) -> x.cost() != y.cost()
                ? Integer.compare(x.cost(), y.cost()) : comparePaths(x.path(), y.path()));
        queue.add(new Entry(0, List.of(from)));
        Set<Integer> done = new HashSet<>();
        while (!queue.isEmpty()) {
            Entry e = queue.poll();
            int node = e.path().get(e.path().size() - 1);
            if (!done.add(node)) {
                continue;
            }
            if (node == to) {
                return new Object[] {e.cost(), e.path()};
            }
            for (int[] next : adj.getOrDefault(node, List.of())) {
                List<Integer> path = new ArrayList<>(e.path());
                path.add(next[0]);
                queue.add(new Entry(e.cost() + next[1], path));
            }
        }
        return null;
    }

    private static int comparePaths(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private JsonNode get(String path) {
        return Api.json(api.get(path).statusCode(200).extract().asString());
    }

    private static List<Visit> visits(JsonNode answer) {
        List<Visit> out = new ArrayList<>();
        for (JsonNode r : answer.get("results")) {
            List<Integer> path = new ArrayList<>();
            r.get("path").forEach(k -> path.add(k.asInt()));
            assertEquals(r.get("key").asInt(), r.get("record").get("id").asInt());
            out.add(new Visit(r.get("key").asInt(), r.get("depth").asInt(), path));
        }
        return out;
    }

    // --- the contract ---

    @Test
    void bfsAndDfsVisitAsAPlainWalkDoesThroughCyclesAndSelfLoops() {
        for (String direction : List.of("out", "in", "both")) {
            for (int depth : List.of(1, 3, 10)) {
                JsonNode bfs = get(graph + "traverse/?start=4&algorithm=bfs&direction=" + direction + "&max_depth="
                        + depth);
                assertEquals(bfs(4, direction, depth, n -> true, w -> true), visits(bfs), direction + depth);
                assertEquals(false, bfs.get("truncated").asBoolean());
                JsonNode dfs = get(graph + "traverse/?start=4&algorithm=dfs&direction=" + direction + "&max_depth="
                        + Math.min(depth, 6));
                assertEquals(dfs(4, direction, Math.min(depth, 6)), visits(dfs), "dfs " + direction + depth);
            }
        }
        // The default depth is datably.traversal.default-depth (10).
        assertEquals(bfs(1, "out", 10, n -> true, w -> true), visits(get(graph + "traverse/?start=1")));
    }

    @Test
    void limitAndDepthTruncate() {
        List<Visit> all = bfs(1, "both", 10, n -> true, w -> true);
        JsonNode cut = get(graph + "traverse/?start=1&direction=both&limit=5");
        assertEquals(all.subList(0, 5), visits(cut));
        assertTrue(cut.get("truncated").asBoolean());
        JsonNode exact = get(graph + "traverse/?start=1&direction=both&limit=" + all.size());
        assertEquals(false, exact.get("truncated").asBoolean());
        assertEquals(bfs(1, "both", 2, n -> true, w -> true), visits(get(graph
                + "traverse/?start=1&direction=both&max_depth=2")));
        assertEquals(List.of(new Visit(1, 0, List.of(1))), visits(get(graph + "traverse/?start=1&max_depth=0")));
    }

    @Test
    void nodeAndEdgeFiltersPruneTheWalk() {
        IntPredicate active = n -> !inactive.contains(n);
        int start = 3; // inactive itself: the start is exempt from node filters
        assertTrue(inactive.contains(start));
        assertEquals(bfs(start, "both", 10, active, w -> true), visits(get(graph
                + "traverse/?start=3&direction=both&status=active")));
        assertEquals(bfs(1, "out", 10, n -> true, w -> w > 1), visits(get(graph
                + "traverse/?start=1&edge__weight__gt=1")));
        assertEquals(bfs(1, "both", 10, active, w -> w <= 2), visits(get(graph
                + "traverse/?start=1&direction=both&status=active&edge__weight__lte=2")));
        // Neighbours: within depth, not the node itself.
        List<Visit> near = bfs(5, "both", 2, active, w -> true);
        assertEquals(near.subList(1, near.size()), visits(get(graph + "neighbors/?node=5&depth=2&status=active")));
        List<Visit> direct = bfs(5, "out", 1, n -> true, w -> true);
        assertEquals(direct.subList(1, direct.size()), visits(get(graph + "neighbors/?node=5&direction=out")));
    }

    @Test
    void componentsAreTheNodesReachedEitherWay() {
        List<Integer> first = bfs(2, "both", Integer.MAX_VALUE, n -> true, w -> true).stream().map(Visit::key)
                .sorted().toList();
        List<Integer> keys = new ArrayList<>();
        get(graph + "components/?node=2").get("keys").forEach(k -> keys.add(k.asInt()));
        assertEquals(first, keys);
        List<Integer> second = new ArrayList<>();
        get(graph + "components/?node=28").get("keys").forEach(k -> second.add(k.asInt()));
        assertEquals(List.of(26, 27, 28, 29, 30, 31), second);
        List<Integer> alone = new ArrayList<>();
        get(graph + "components/?node=32").get("keys").forEach(k -> alone.add(k.asInt()));
        assertEquals(List.of(32), alone);
        JsonNode cut = get(graph + "components/?node=28&limit=3");
        assertEquals(3, cut.get("keys").size());
        assertTrue(cut.get("truncated").asBoolean());
    }

    @Test
    void shortestPathsMatchBfsAndDijkstraWithTiesBrokenByKeys() {
        int checked = 0;
        for (int from : List.of(1, 2, 7, 12)) {
            for (int t = 1; t <= 26; t += 5) {
                int to = t;
                List<Visit> reached = bfs(from, "out", 100, n -> true, w -> true);
                Visit target = reached.stream().filter(v -> v.key() == to).findFirst().orElse(null);
                String path = graph + "shortest-path/?from=" + from + "&to=" + to;
                if (target == null) {
                    Api.assertProblem(api.request().get(path), 404, "DS104");
                    Api.assertProblem(api.request().get(path + "&weighted=true"), 404, "DS104");
                    continue;
                }
                JsonNode hops = get(path);
                assertEquals(target.path(), ints(hops.get("path")), path);
                assertEquals(target.depth(), hops.get("cost").asInt());
                assertEquals(target.depth(), hops.get("edges").size());
                Object[] best = dijkstra(from, to, "out");
                JsonNode weighted = get(path + "&weighted=true");
                assertEquals(best[1], ints(weighted.get("path")), path + " weighted");
                assertEquals(best[0], weighted.get("cost").asInt());
                int sum = 0;
                for (JsonNode e : weighted.get("edges")) {
                    sum += e.get("weight").asInt();
                    assertEquals(e.get("from").asInt(), e.get("record").get("follower_id").asInt());
                }
                assertEquals(best[0], sum);
                checked++;
            }
        }
        assertTrue(checked > 5, "too few paths exist in the fixture: " + checked);
        Object[] back = dijkstra(26, 1, "both");
        assertEquals(null, back);
        Api.assertProblem(api.request().get(graph + "shortest-path/?from=26&to=1&direction=both"), 404, "DS104");
        assertEquals(List.of(5), ints(get(graph + "shortest-path/?from=5&to=5").get("path")), "a node reaches itself");
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(k -> out.add(k.asInt()));
        return out;
    }

    @Test
    void aNegativeWeightIsRefused() {
        api.post(ds + "/datatables/follows/records/", "{\"id\": 999, \"follower_id\": 32, \"followee_id\": 1, "
                + "\"weight\": -4}").statusCode(201);
        Api.assertProblem(api.request().get(graph + "shortest-path/?from=32&to=1&weighted=true"), 400, "DS101")
                .body("detail", containsString("negative"));
        // Unweighted, the weight means nothing.
        api.get(graph + "shortest-path/?from=32&to=1").statusCode(200).body("cost", equalTo(1));
    }

    @Test
    void missingNodesAre404AndHostileParametersAre400NamingThem() {
        Api.assertProblem(api.request().get(graph + "traverse/?start=999"), 404, "DS104");
        Api.assertProblem(api.request().get(graph + "neighbors/?node=999"), 404, "DS104");
        Api.assertProblem(api.request().get(graph + "components/?node=999"), 404, "DS104");
        Api.assertProblem(api.request().get(graph + "shortest-path/?from=1&to=999"), 404, "DS104");
        Map<String, String> hostile = new LinkedHashMap<>();
        hostile.put("traverse/?start=1&max_depth=1e9", "max_depth");
        hostile.put("traverse/?start=1&max_depth=-1", "max_depth");
        hostile.put("traverse/?start=1&max_depth=abc", "max_depth");
        hostile.put("traverse/?start=1&max_depth=101", "max_depth");
        hostile.put("traverse/?start=1&max_depth=99999999999", "max_depth");
        hostile.put("traverse/?start=1&limit=0", "limit");
        hostile.put("traverse/?start=1&limit=10001", "limit");
        hostile.put("traverse/?start=abc", "start");
        hostile.put("traverse/?start=1%3B%20DROP%20TABLE%20x", "start");
        hostile.put("traverse/?start=1&algorithm=astar", "algorithm");
        hostile.put("traverse/?start=1&direction=up", "direction");
        hostile.put("traverse/?max_depth=2", "start");
        hostile.put("traverse/?start=1&start=2", "start");
        hostile.put("traverse/?start=1&page=2", "page");
        hostile.put("traverse/?start=1&nosuchfield=x", "nosuchfield");
        hostile.put("traverse/?start=1&edge__nosuch__gt=1", "edge__nosuch");
        hostile.put("traverse/?start=1&edge__weight__gt=heavy", "edge__weight");
        hostile.put("neighbors/?node=1&depth=1e9", "depth");
        hostile.put("shortest-path/?from=1", "to");
        hostile.put("shortest-path/?from=1&to=2&weighted=maybe", "weighted");
        Api.assertProblem(api.request().queryParam("name;DROP TABLE people--", "x").get(graph + "traverse/?start=1"),
                400, "DS101").body("detail", containsString("name;DROP TABLE people--"));
        for (Map.Entry<String, String> h : hostile.entrySet()) {
            Api.assertProblem(api.request().get(graph + h.getKey()), 400, "DS101")
                    .body("detail", containsString(h.getValue()));
        }
    }

    @Test
    void aDagOfTasksIsInferredAndAGraphMustBeUnambiguous() {
        String tasks = api.createTable(ds, "tasks", """
                {"fields": [{"name": "id", "type": "string"}, {"name": "title", "type": "string"}],
                 "primaryKey": ["id"]}""");
        String deps = api.createTable(ds, "deps", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "task", "type": "string"},
                            {"name": "needs", "type": "string"}],
                 "primaryKey": ["id"],
                 "foreignKeys": [
                   {"fields": ["task"], "reference": {"resource": "tasks", "fields": ["id"]}},
                   {"fields": ["needs"], "reference": {"resource": "tasks", "fields": ["id"]}}]}""");
        List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h");
        List<String> rows = new ArrayList<>();
        names.forEach(n -> rows.add("{\"id\": \"" + n + "\", \"title\": \"" + n.toUpperCase() + "\"}"));
        api.post(tasks, "[" + String.join(",", rows) + "]").statusCode(201);
        String[][] dag = {{"a", "b"}, {"a", "c"}, {"b", "d"}, {"c", "d"}, {"d", "e"}, {"c", "f"}, {"f", "e"},
                {"b", "g"}, {"g", "e"}};
        List<String> depRows = new ArrayList<>();
        for (int i = 0; i < dag.length; i++) {
            depRows.add("{\"id\": " + i + ", \"task\": \"" + dag[i][0] + "\", \"needs\": \"" + dag[i][1] + "\"}");
        }
        api.post(deps, "[" + String.join(",", depRows) + "]").statusCode(201);
        String taskGraph = ds + "/datatables/tasks/graph/";
        JsonNode bfs = get(taskGraph + "traverse/?start=a");
        List<String> order = new ArrayList<>();
        bfs.get("results").forEach(r -> order.add(r.get("key").asText() + r.get("depth").asInt()));
        assertEquals(List.of("a0", "b1", "c1", "d2", "g2", "f2", "e3"), order);
        assertEquals("[\"a\",\"b\",\"d\",\"e\"]", bfs.get("results").get(6).get("path").toString());
        JsonNode dfs = get(taskGraph + "traverse/?start=a&algorithm=dfs");
        List<String> dfsOrder = new ArrayList<>();
        dfs.get("results").forEach(r -> dfsOrder.add(r.get("key").asText()));
        assertEquals(List.of("a", "b", "d", "e", "g", "c", "f"), dfsOrder);
        JsonNode up = get(taskGraph + "traverse/?start=e&direction=in");
        assertEquals(7, up.get("count").asInt());
        assertEquals(List.of("e", "d", "f", "g", "b", "c", "a"), keysOf(up));
        // A second table with two references to tasks: which are the edges is no longer clear.
        api.createTable(ds, "blocks", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "x", "type": "string"},
                            {"name": "y", "type": "string"}],
                 "primaryKey": ["id"],
                 "foreignKeys": [
                   {"fields": ["x"], "reference": {"resource": "tasks", "fields": ["id"]}},
                   {"fields": ["y"], "reference": {"resource": "tasks", "fields": ["id"]}}]}""");
        Api.assertProblem(api.request().get(taskGraph + "traverse/?start=a"), 400, "DS101")
                .body("detail", containsString("ambiguous")).body("detail", containsString("datably:graph"));
        // The edges table has no graph of its own.
        Api.assertProblem(api.request().get(ds + "/datatables/deps/graph/traverse/?start=1"), 400, "DS101")
                .body("detail", containsString("declare"));
    }

    private static List<String> keysOf(JsonNode answer) {
        List<String> keys = new ArrayList<>();
        answer.get("results").forEach(r -> keys.add(r.get("key").asText()));
        return keys;
    }

    @Test
    void aSelfReferenceIsAGraphAndDeclarationsAreChecked() {
        String staff = api.createTable(ds, "staff", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "manager_id", "type": "integer"}],
                 "primaryKey": ["id"],
                 "foreignKeys": [{"fields": ["manager_id"], "reference": {"resource": "", "fields": ["id"]}}]}""");
        api.post(staff, "[{\"id\": 1, \"manager_id\": null}, {\"id\": 2, \"manager_id\": 1}, "
                + "{\"id\": 3, \"manager_id\": 1}, {\"id\": 4, \"manager_id\": 2}]").statusCode(201);
        String staffGraph = ds + "/datatables/staff/graph/";
        assertEquals(List.of("4", "2", "1"), keysOf(get(staffGraph + "traverse/?start=4")));
        assertEquals(List.of("1", "2", "3", "4"), keysOf(get(staffGraph + "traverse/?start=1&direction=in")));
        // A declaration naming a table that does not exist, or fields that are no references: 400 naming them.
        api.createTable(ds, "cities", """
                {"fields": [{"name": "id", "type": "integer"}], "primaryKey": ["id"],
                 "datably:graph": {"edges": "roads", "source": "a", "target": "b"}}""");
        Api.assertProblem(api.request().get(ds + "/datatables/cities/graph/traverse/?start=1"), 400, "DS101")
                .body("detail", containsString("datably:graph.edges")).body("detail", containsString("roads"));
        api.createTable(ds, "roads", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "a", "type": "integer"},
                            {"name": "b", "type": "string"}], "primaryKey": ["id"]}""");
        Api.assertProblem(api.request().get(ds + "/datatables/cities/graph/traverse/?start=1"), 400, "DS101")
                .body("detail", containsString("datably:graph.source"));
        // The setting's shape is checked when the schema is stored.
        api.post(ds + "/datatables/", "{\"name\": \"bad\", \"json_schema\": {\"fields\": [{\"name\": \"id\", "
                + "\"type\": \"integer\"}], \"datably:graph\": {\"edges\": 3, \"sauce\": \"x\"}}}").statusCode(400)
                .body(containsString("json_schema.datably:graph.edges"))
                .body(containsString("json_schema.datably:graph.sauce"))
                .body(containsString("json_schema.datably:graph.source"));
    }
}
