package io.datably.service.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.provider.spi.DataProvider;
import io.datably.provider.spi.graph.Graph;
import io.datably.query.model.CountMode;
import io.datably.query.model.Op;
import io.datably.query.model.SortKey;
import io.datably.query.plan.BoundCondition;
import io.datably.query.plan.BoundQuery;
import io.datably.query.plan.BoundSort;
import io.datably.service.Json;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A walk the service runs itself, for providers without recursive queries (MongoDB): one {@link
 * DataProvider#graphLevel} per level, for the whole frontier, then one query for the records answered. It answers what
 * the recursive CTE of {@code SqlGraph} answers: BFS visits each node at its least depth, by the lexicographically
 * least of its shortest paths (neighbours in key order); DFS visits each node by its lexicographically least simple
 * path of at most {@code max_depth} edges, in that order (what a depth-first walk taking neighbours in key order
 * visits); a component is every node reached along edges either way. Memory: a BFS holds at most {@code limit + 1}
 * nodes; a DFS holds the edges among the nodes within {@code max_depth}, up to the path budget.
 */
final class LevelWalker {
    private final DataProvider provider;
    private final Graph.Walk walk;

    LevelWalker(DataProvider provider, Graph.Walk walk) {
        this.provider = provider;
        this.walk = walk;
    }

    Uni<Graph.Walked> run() {
        JsonNode start = Graph.canonicalKey(walk.start());
        Map<JsonNode, Graph.Visit> visited = new LinkedHashMap<>();
        visited.put(start, new Graph.Visit(start, 0, List.of(start), null));
        Map<JsonNode, List<JsonNode>> adjacency = new HashMap<>();
        boolean[] truncated = {false};
        // The level a gathering cut short: nodes up to it are all known, edges only from the levels before it.
        int[] cut = {Integer.MAX_VALUE};
        int depthCap = walk.order() == Graph.Order.COMPONENT ? Integer.MAX_VALUE : walk.maxDepth();
        // For a DFS, the levels only gather the edges; the visits come from the depth-first pass below.
        int cap = walk.order() == Graph.Order.DFS ? Math.max(walk.pathBudget(), walk.limit()) : walk.limit();
        return level(List.of(start), 0, depthCap, cap, visited, adjacency, truncated, cut).chain(() -> {
            List<Graph.Visit> visits = walk.order() == Graph.Order.DFS
                    ? depthFirst(start, adjacency, Math.min(walk.maxDepth(), cut[0]))
                    : new ArrayList<>(visited.values());
            if (walk.order() == Graph.Order.COMPONENT) {
                visits.sort((a, b) -> KeyOrder.compare(a.key(), b.key()));
            }
            if (visits.size() > walk.limit()) {
                truncated[0] = true;
                visits = new ArrayList<>(visits.subList(0, walk.limit()));
            }
            return withRecords(visits).map(done -> new Graph.Walked(done, truncated[0]));
        });
    }

    /** One level: the frontier's edges in one query, new nodes in visiting order; then the next level. */
    private Uni<Void> level(List<JsonNode> frontier, int depth, int depthCap, int cap,
                            Map<JsonNode, Graph.Visit> visited, Map<JsonNode, List<JsonNode>> adjacency,
                            boolean[] truncated, int[] cut) {
        if (frontier.isEmpty() || depth >= depthCap) {
            return Uni.createFrom().voidItem();
        }
        Graph.Direction direction = walk.order() == Graph.Order.COMPONENT ? Graph.Direction.BOTH : walk.direction();
        return provider.graphLevel(new Graph.Level(walk.graph(), frontier, direction, walk.nodeWhere(),
                walk.edgeWhere(), walk.timeout())).chain(hops -> {
                    Map<JsonNode, List<JsonNode>> next = new HashMap<>();
                    for (Graph.Hop hop : hops) {
                        next.computeIfAbsent(Graph.canonicalKey(hop.from()), k -> new ArrayList<>())
                                .add(Graph.canonicalKey(hop.to()));
                    }
                    List<JsonNode> newFrontier = new ArrayList<>();
                    for (JsonNode node : frontier) {
                        List<JsonNode> out = next.getOrDefault(node, new ArrayList<>());
                        out.sort(KeyOrder.KEYS);
                        adjacency.put(node, out);
                        Graph.Visit from = visited.get(node);
                        for (JsonNode to : out) {
                            if (visited.containsKey(to)) {
                                continue;
                            }
                            if (visited.size() > cap) {
                                truncated[0] = true;
                                cut[0] = depth;
                                return Uni.createFrom().voidItem();
                            }
                            List<JsonNode> path = new ArrayList<>(from.path());
                            path.add(to);
                            visited.put(to, new Graph.Visit(to, depth + 1, path, null));
                            newFrontier.add(to);
                        }
                    }
                    return level(newFrontier, depth + 1, depthCap, cap, visited, adjacency, truncated, cut);
                });
    }

    /**
     * The depth-first visits over the gathered edges: simple paths in lexicographic order, each node answered at the
     * first. A node reached again no shallower than before is not walked on: whatever it leads to was reached as
     * early, by a path as short (a walk through the first arrival).
     */
    private List<Graph.Visit> depthFirst(JsonNode start, Map<JsonNode, List<JsonNode>> adjacency, int maxDepth) {
        Map<JsonNode, Graph.Visit> first = new LinkedHashMap<>();
        Map<JsonNode, Integer> shallowest = new HashMap<>();
        List<JsonNode> path = new ArrayList<>();
        descend(start, adjacency, path, first, shallowest, maxDepth);
        return new ArrayList<>(first.values());
    }

    private void descend(JsonNode node, Map<JsonNode, List<JsonNode>> adjacency, List<JsonNode> path,
                         Map<JsonNode, Graph.Visit> first, Map<JsonNode, Integer> shallowest, int maxDepth) {
        int depth = path.size();
        Integer before = shallowest.get(node);
        if ((before != null && before <= depth) || path.contains(node) || first.size() > walk.limit()) {
            return;
        }
        shallowest.put(node, depth);
        path.add(node);
        first.putIfAbsent(node, new Graph.Visit(node, depth, path, null));
        if (depth < maxDepth) {
            for (JsonNode next : adjacency.getOrDefault(node, List.of())) {
                descend(next, adjacency, path, first, shallowest, maxDepth);
            }
        }
        path.remove(path.size() - 1);
    }

    /** The visits with their records, read in one query (a record hidden since is dropped). */
    private Uni<List<Graph.Visit>> withRecords(List<Graph.Visit> visits) {
        if (visits.isEmpty()) {
            return Uni.createFrom().item(visits);
        }
        Graph g = walk.graph();
        BoundCondition keys = new BoundCondition.Compare(g.key(), Op.IN, visits.stream().map(Graph.Visit::key)
                .toList());
        BoundQuery read = new BoundQuery(keys, null, List.of(new BoundSort(g.key(), false, SortKey.Nulls.DEFAULT)),
                0, visits.size(), CountMode.NONE, g.nodes().schema().fields());
        return provider.query(g.nodes(), read).map(page -> {
            Map<JsonNode, ObjectNode> records = new HashMap<>();
            Json.parse(page.resultsJson()).forEach(record -> records.put(Graph.canonicalKey(
                    record.get(g.key().name())), (ObjectNode) record));
            List<Graph.Visit> out = new ArrayList<>();
            for (Graph.Visit visit : visits) {
                ObjectNode record = records.get(visit.key());
                if (record != null) {
                    out.add(new Graph.Visit(visit.key(), visit.depth(), visit.path(), record));
                }
            }
            return out;
        });
    }
}
