package io.datably.provider;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.testsupport.Api;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hierarchies (issue 15) on each provider, over one fixture: a 5-level org chart (1 → 2,3 → 4,5,6 → 7,8,9 → 10,11),
 * a cycle made by an update (20 → 21 → 20) and a second root (30). Every answer is compared with a plain BFS
 * computed here from the rows written, never with what the service read back.
 */
public abstract class HierarchyContractTests {
    private Api api;
    private String ds;
    private String org;
    /** id → {manager (null: root), title, name}, as written (after the update that closes the cycle). */
    private final Map<Integer, Object[]> rows = new LinkedHashMap<>();
    private final Set<Integer> hidden = new TreeSet<>();

    protected abstract String providerType();

    /** One row of a BFS: the node, its depth and the keys from the start. */
    private record Visit(int id, int depth, List<Integer> path) {
    }

    @BeforeEach
    void orgChart() {
        api = Api.newTenant();
        ds = api.createDataSource(providerType());
        org = api.createTable(ds, "employees", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"},
                            {"name": "title", "type": "string"}, {"name": "manager_id", "type": "integer"}],
                 "primaryKey": ["id"], "datably:softDelete": true,
                 "foreignKeys": [{"fields": ["manager_id"], "reference": {"resource": "", "fields": ["id"]}}]}""");
        rows.clear();
        hidden.clear();
        add(1, null, "ceo", "zoe");
        add(2, 1, "vp", "yan");
        add(3, 1, "vp", "xia");
        add(4, 2, "manager", "wes");
        add(5, 2, "manager", "val");
        add(6, 3, "manager", "uma");
        add(7, 4, "engineer", "tom");
        add(8, 4, "engineer", "sam");
        add(9, 6, "engineer", "rob");
        add(10, 7, "engineer", "quinn");
        add(11, 9, "engineer", "pia");
        add(20, null, "loop", "ann");
        add(21, 20, "loop", "ben");
        add(30, null, "advisor", "otto");
        List<String> json = new ArrayList<>();
        rows.forEach((id, r) -> json.add("{\"id\":" + id + ",\"manager_id\":" + r[0] + ",\"title\":\"" + r[1]
                + "\",\"name\":\"" + r[2] + "\"}"));
        api.post(org, "[" + String.join(",", json) + "]").statusCode(201);
        // The cycle: 20's manager becomes 21, whose manager is 20 (possible on flat_table's FOREIGN KEY too).
        api.patch(org + "20/", "{\"manager_id\": 21}").statusCode(200);
        rows.get(20)[0] = 21;
    }

    private void add(int id, Integer manager, String title, String name) {
        rows.put(id, new Object[] {manager, title, name});
    }

    /** The children of {@code id} the walk may visit, in key order. */
    private List<Integer> children(int id) {
        return rows.entrySet().stream().filter(e -> Integer.valueOf(id).equals(e.getValue()[0]))
                .map(Map.Entry::getKey).filter(c -> !hidden.contains(c)).sorted().toList();
    }

    /** A plain BFS down from {@code start} to {@code maxDepth}, never along a loop, pruned by {@code keep}. */
    private List<Visit> bfs(int start, int maxDepth, Predicate<Integer> keep) {
        List<Visit> out = new ArrayList<>();
        Deque<Visit> queue = new ArrayDeque<>(List.of(new Visit(start, 0, List.of(start))));
        while (!queue.isEmpty()) {
            Visit v = queue.poll();
            out.add(v);
            if (v.depth() < maxDepth) {
                for (int c : children(v.id())) {
                    if (!v.path().contains(c) && keep.test(c)) {
                        List<Integer> path = new ArrayList<>(v.path());
                        path.add(c);
                        queue.add(new Visit(c, v.depth() + 1, path));
                    }
                }
            }
        }
        return out;
    }

    /** The descendants as answered: depth order, key order within a level (the default ordering). */
    private List<Visit> below(int start, int maxDepth) {
        return bfs(start, maxDepth, c -> true).stream().filter(v -> v.depth() > 0)
                .sorted(Comparator.comparingInt(Visit::depth).thenComparingInt(Visit::id)).toList();
    }

    private static List<Visit> visits(JsonNode results) {
        List<Visit> out = new ArrayList<>();
        results.forEach(r -> {
            List<Integer> path = new ArrayList<>();
            r.get("path").forEach(k -> path.add(k.asInt()));
            out.add(new Visit(r.get("id").asInt(), r.get("depth").asInt(), path));
        });
        return out;
    }

    private JsonNode ok(String path) {
        return Api.json(api.get(path).statusCode(200).extract().asString());
    }

    @Test
    void descendantsAreTheBfsLevelsWithDepthPathAndLeaves() {
        JsonNode answer = ok(org + "1/descendants/?page_size=100");
        assertEquals(below(1, 10), visits(answer.get("results")));
        assertEquals(10, answer.get("count").asInt());
        assertFalse(answer.get("truncated").asBoolean());
        answer.get("results").forEach(r -> assertEquals(children(r.get("id").asInt()).isEmpty(),
                r.get("is_leaf").asBoolean(), r.toString()));
        // The record's own fields come first, as a read answers them.
        assertEquals("tom", answer.get("results").get(5).get("name").asText());
        // max_depth cuts the walk; a node at the cut keeps its is_leaf (false: it has children below the cut).
        JsonNode two = ok(org + "1/descendants/?max_depth=2&page_size=100");
        assertEquals(below(1, 2), visits(two.get("results")));
        assertFalse(two.get("results").get(2).get("is_leaf").asBoolean());
        assertEquals(List.of(), visits(ok(org + "10/descendants/").get("results")));
    }

    @Test
    void descendantsPageFilterOrderAndProject() {
        List<Visit> all = below(1, 10);
        JsonNode page2 = ok(org + "1/descendants/?page_size=3&page=2");
        assertEquals(all.subList(3, 6), visits(page2.get("results")));
        assertEquals(10, page2.get("count").asInt());
        assertTrue(page2.get("next").asText().contains("page=3"));
        assertTrue(page2.get("previous").asText().contains("descendants"));
        Api.assertProblem(api.request().get(org + "1/descendants/?page_size=3&page=9"), 404, "DS104");
        // Filters select among the descendants without pruning the walk: engineers under non-engineers too.
        List<Visit> engineers = all.stream().filter(v -> rows.get(v.id())[1].equals("engineer")).toList();
        JsonNode filtered = ok(org + "1/descendants/?title=engineer&page_size=100");
        assertEquals(engineers, visits(filtered.get("results")));
        assertEquals(engineers.size(), filtered.get("count").asInt());
        // Ordering applies within a level: depth first, then the ordering.
        List<Integer> byName = all.stream().sorted(Comparator.comparingInt(Visit::depth)
                .thenComparing(v -> (String) rows.get(v.id())[2], Comparator.reverseOrder())).map(Visit::id).toList();
        List<Integer> answered = new ArrayList<>();
        ok(org + "1/descendants/?ordering=-name&page_size=100").get("results")
                .forEach(r -> answered.add(r.get("id").asInt()));
        assertEquals(byName, answered);
        // fields: only those, and the computed members (jsonb orders an object's keys its own way).
        JsonNode projected = ok(org + "1/descendants/?fields=name&page_size=1").get("results").get(0);
        Set<String> names = new TreeSet<>();
        projected.fieldNames().forEachRemaining(names::add);
        assertEquals(Set.of("name", "depth", "path", "is_leaf"), names);
    }

    @Test
    void theNodeCapTruncatesBreadthFirst() {
        // limit counts visited nodes, the start included: 4 nodes are the start and 3 descendants.
        JsonNode answer = ok(org + "1/descendants/?limit=4&page_size=100");
        assertTrue(answer.get("truncated").asBoolean());
        List<Visit> got = visits(answer.get("results"));
        assertEquals(3, got.size());
        assertTrue(below(1, 10).containsAll(got), got.toString());
        assertEquals(List.of(2, 3), got.stream().filter(v -> v.depth() == 1).map(Visit::id).toList());
        assertFalse(ok(org + "1/descendants/?limit=11").get("truncated").asBoolean());
    }

    @Test
    void ancestorsClimbToTheRootNearestFirst() {
        JsonNode answer = ok(org + "10/ancestors/");
        List<Integer> chain = new ArrayList<>();
        answer.get("results").forEach(r -> chain.add(r.get("id").asInt()));
        List<Integer> expected = new ArrayList<>();
        for (Integer m = (Integer) rows.get(10)[0]; m != null; m = (Integer) rows.get(m)[0]) {
            expected.add(m);
        }
        assertEquals(expected, chain);
        for (int i = 0; i < chain.size(); i++) {
            assertEquals(i + 1, answer.get("results").get(i).get("depth").asInt());
        }
        assertEquals(List.of(10, 7, 4), visits(answer.get("results")).get(1).path());
        assertEquals(expected.subList(0, 2).size(), ok(org + "10/ancestors/?max_depth=2").get("results").size());
        assertEquals(0, ok(org + "1/ancestors/").get("count").asInt());
        JsonNode projected = ok(org + "10/ancestors/?fields=name").get("results").get(0);
        assertEquals("tom", projected.get("name").asText());
        assertFalse(projected.has("id"));
    }

    @Test
    void cyclesEndTheWalk() {
        assertEquals(List.of(new Visit(21, 1, List.of(20, 21))), visits(ok(org + "20/descendants/").get("results")));
        List<Integer> up = new ArrayList<>();
        ok(org + "20/ancestors/?max_depth=100").get("results").forEach(r -> up.add(r.get("id").asInt()));
        assertEquals(List.of(21), up);
        JsonNode tree = ok(org + "21/tree/").get("results");
        assertEquals(20, tree.get(0).get("children").get(0).get("id").asInt());
        assertEquals(0, tree.get(0).get("children").get(0).get("children").size());
    }

    /** A tree as nested ids: {id: [children...]}, from the answer. */
    private static String shape(JsonNode nodes) {
        List<String> out = new ArrayList<>();
        nodes.forEach(n -> out.add(n.get("id").asText() + (n.get("children").isEmpty() ? ""
                : shape(n.get("children")))));
        return "(" + String.join(" ", out) + ")";
    }

    /** The same shape from the BFS. */
    private String expectedShape(int start, int maxDepth, Predicate<Integer> keep) {
        List<Visit> visits = bfs(start, maxDepth, keep);
        return "(" + shapeOf(visits, visits.get(0)) + ")";
    }

    private static String shapeOf(List<Visit> visits, Visit node) {
        List<String> kids = new ArrayList<>();
        visits.stream().filter(v -> v.path().size() == node.path().size() + 1
                        && v.path().subList(0, node.path().size()).equals(node.path()))
                .forEach(v -> kids.add(shapeOf(visits, v)));
        return node.id() + (kids.isEmpty() ? "" : "(" + String.join(" ", kids) + ")");
    }

    @Test
    void treesNestChildrenAndFiltersPruneThem() {
        JsonNode tree = ok(org + "2/tree/");
        assertEquals(expectedShape(2, 10, c -> true), shape(tree.get("results")));
        assertEquals(bfs(2, 10, c -> true).size(), tree.get("count").asInt());
        assertEquals(0, tree.get("results").get(0).get("depth").asInt());
        assertFalse(tree.get("results").get(0).has("path"));
        assertEquals(expectedShape(1, 2, c -> true), shape(ok(org + "1/tree/?max_depth=2").get("results")));
        // Filters prune: managers are left out with everyone under them.
        assertEquals(expectedShape(1, 10, c -> !rows.get(c)[1].equals("manager")),
                shape(ok(org + "1/tree/?title__ne=manager").get("results")));
        // Siblings follow the ordering.
        JsonNode reversed = ok(org + "1/tree/?ordering=-id&max_depth=1").get("results").get(0).get("children");
        assertEquals(3, reversed.get(0).get("id").asInt());
        // The forest: roots are the records without a parent (the cycle has none), or those roots= selects.
        assertEquals("(" + shapeOf(bfs(1, 10, c -> true), bfs(1, 10, c -> true).get(0)) + " 30)",
                shape(ok(org + "tree/").get("results")));
        assertEquals(expectedShape(2, 10, c -> true).replaceAll("\\)$", "") + " "
                + expectedShape(3, 10, c -> true).substring(1), shape(ok(org + "tree/?roots=(title=vp)")
                .get("results")));
        assertEquals("(2 3)", shape(ok(org + "tree/?roots=title=vp&max_depth=0").get("results")));
    }

    @Test
    void siblingsShareTheParent() {
        List<Integer> four = new ArrayList<>();
        ok(org + "4/siblings/").get("results").forEach(r -> four.add(r.get("id").asInt()));
        assertEquals(children(2).stream().filter(c -> c != 4).toList(), four);
        List<Integer> roots = new ArrayList<>();
        ok(org + "1/siblings/").get("results").forEach(r -> roots.add(r.get("id").asInt()));
        assertEquals(List.of(30), roots);
        assertEquals(0, ok(org + "10/siblings/").get("count").asInt());
        JsonNode vp = ok(org + "2/siblings/?fields=name").get("results").get(0);
        assertEquals("xia", vp.get("name").asText());
        assertEquals(0, vp.get("depth").asInt());
        assertFalse(vp.get("is_leaf").asBoolean());
    }

    @Test
    void hiddenNodesAreNeitherAnsweredNorWalkedThrough() {
        // A soft-deleted manager: the people under him are not reached through him.
        api.delete(org + "4/").statusCode(204);
        hidden.add(4);
        assertEquals(below(1, 10), visits(ok(org + "1/descendants/?page_size=100").get("results")));
        assertFalse(visits(ok(org + "1/descendants/?page_size=100").get("results")).stream()
                .anyMatch(v -> v.id() == 7 || v.id() == 10));
        Api.assertProblem(api.request().get(org + "4/descendants/"), 404, "DS104");
        Api.assertProblem(api.request().get(org + "4/tree/"), 404, "DS104");
        List<Integer> up = new ArrayList<>();
        ok(org + "10/ancestors/").get("results").forEach(r -> up.add(r.get("id").asInt()));
        assertEquals(List.of(7), up);
        // A leaf now: its only children are hidden.
        JsonNode two = ok(org + "1/descendants/?max_depth=2&page_size=100").get("results");
        assertEquals(below(1, 2), visits(two), "exactly the visible nodes two levels down");
        two.forEach(r -> assertEquals(children(r.get("id").asInt()).isEmpty(), r.get("is_leaf").asBoolean()));
    }

    @Test
    void missingStartsAndRefusedParameters() {
        for (String walk : List.of("ancestors", "descendants", "tree", "siblings")) {
            Api.assertProblem(api.request().get(org + "999/" + walk + "/"), 404, "DS104");
            Api.assertProblem(api.request().get(org + "abc/" + walk + "/"), 400, "DS101")
                    .body("errors[0].field", equalTo("pk"));
            Api.assertProblem(api.request().get(org + "1/" + walk + "/?via=boss"), 400, "DS101")
                    .body("errors[0].field", equalTo("via"));
        }
        for (String bad : List.of("1e9", "-1", "abc", "101", "99999999999", "2.0", "0x10", "")) {
            Api.assertProblem(api.request().get(org + "1/descendants/?max_depth=" + bad), 400, "DS101")
                    .body("errors[0].field", equalTo("max_depth"));
        }
        for (String bad : List.of("0", "10001", "-5", "1e3")) {
            Api.assertProblem(api.request().get(org + "1/tree/?limit=" + bad), 400, "DS101")
                    .body("errors[0].field", equalTo("limit"));
        }
        Api.assertProblem(api.request().get(org + "1/descendants/?max_depth=1&max_depth=2"), 400, "DS101")
                .body("errors[0].field", equalTo("max_depth"));
        Api.assertProblem(api.request().get(org + "1/descendants/?name'--=x"), 400, "DS101");
        Api.assertProblem(api.request().get(org + "1/descendants/?cursor="), 400, "DS101")
                .body("errors[0].field", equalTo("cursor"));
        Api.assertProblem(api.request().get(org + "1/descendants/?expand=manager"), 400, "DS101")
                .body("errors[0].field", equalTo("expand"));
        Api.assertProblem(api.request().get(org + "1/tree/?page=2"), 400, "DS101")
                .body("errors[0].field", equalTo("page"));
        Api.assertProblem(api.request().get(org + "tree/?roots=(nope=1)"), 400, "DS101")
                .body("errors[0].field", equalTo("roots"));
        Api.assertProblem(api.request().get(org + "1/descendants/?roots=(id=1)"), 400, "DS101")
                .body("errors[0].field", equalTo("roots"));
        Api.assertProblem(api.request().get(org + "1/ancestors/?title=x"), 400, "DS101")
                .body("errors[0].field", equalTo("title"));
        // The relation names of the self-reference pick it.
        api.get(org + "10/ancestors/?via=manager").statusCode(200);
        api.get(org + "1/descendants/?via=employees").statusCode(200);
    }

    @Test
    void tablesWithoutOrWithSeveralSelfReferences() {
        String flat = api.createTable(ds, "plain", """
                {"fields": [{"name": "id", "type": "integer"}], "primaryKey": ["id"]}""");
        api.post(flat, "{\"id\": 1}").statusCode(201);
        Api.assertProblem(api.request().get(flat + "1/descendants/"), 400, "DS101")
                .body("detail", containsString("no self-reference"));
        String two = api.createTable(ds, "people", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "manager_id", "type": "integer"},
                            {"name": "mentor_id", "type": "integer"}],
                 "primaryKey": ["id"],
                 "foreignKeys": [{"fields": ["manager_id"], "reference": {"resource": "", "fields": ["id"]}},
                                 {"fields": ["mentor_id"], "reference": {"resource": "", "fields": ["id"]}}]}""");
        api.post(two, "[{\"id\": 1}, {\"id\": 2, \"manager_id\": 1}, {\"id\": 3, \"mentor_id\": 1}]").statusCode(201);
        Api.assertProblem(api.request().get(two + "1/descendants/"), 400, "DS101")
                .body("errors[0].field", equalTo("via"));
        List<Integer> mentees = new ArrayList<>();
        ok(two + "1/descendants/?via=mentor").get("results").forEach(r -> mentees.add(r.get("id").asInt()));
        assertEquals(List.of(3), mentees);
    }

    @Test
    void recordsTreeIsTheForestWhileOtherMethodsStillReachARecordKeyedTree() {
        String menu = api.createTable(ds, "menu", """
                {"fields": [{"name": "id", "type": "string"}, {"name": "parent_id", "type": "string"},
                            {"name": "label", "type": "string"}],
                 "primaryKey": ["id"],
                 "foreignKeys": [{"fields": ["parent_id"], "reference": {"resource": "", "fields": ["id"]}}]}""");
        api.post(menu, "[{\"id\": \"tree\", \"label\": \"Trees\"}, {\"id\": \"oak\", \"parent_id\": \"tree\","
                + " \"label\": \"Oak\"}]").statusCode(201);
        // GET records/tree/ is the forest (deliberately, as records/aggregate/ is the aggregate route) ...
        JsonNode forest = ok(menu + "tree/");
        assertTrue(forest.has("truncated"));
        assertEquals("oak", forest.get("results").get(0).get("children").get(0).get("id").asText());
        // ... the record keyed tree is read through the list, and walked from by its key.
        assertEquals("Trees", ok(menu + "?id=tree").get("results").get(0).get("label").asText());
        assertEquals("oak", ok(menu + "tree/descendants/").get("results").get(0).get("id").asText());
        assertEquals("tree", ok(menu + "oak/ancestors/").get("results").get(0).get("id").asText());
        // Writes to records/tree/ still reach that record.
        api.patch(menu + "tree/", "{\"label\": \"All trees\"}").statusCode(200).body("label", equalTo("All trees"));
    }
}
