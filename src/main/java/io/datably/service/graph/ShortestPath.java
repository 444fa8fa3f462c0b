package io.datably.service.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.DatablyException;
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
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;

/**
 * The shortest path between two nodes, run in the service over edges fetched a level at a time (one query per level,
 * for the whole frontier). Unweighted: a BFS, stopping at the level that reaches {@code to}. Weighted: Dijkstra over
 * the edges within {@code max_depth} levels of {@code from} (all of them are fetched first: a cheaper path may take
 * more edges); a negative weight met is a 400, an edge without a weight is not taken. Ties are broken the same way on
 * every provider: among the paths of least cost (or fewest edges), the one whose node keys are lexicographically least
 * ({@link KeyOrder}); between two edges joining the same nodes, the lighter (then the first met).
 */
final class ShortestPath {
    private final DataProvider provider;
    private final Function<List<JsonNode>, Uni<List<Graph.Hop>>> level;
    private final boolean weighted;
    private final int maxDepth;
    private final int maxNodes;
    private Graph graph;

    ShortestPath(DataProvider provider, Function<List<JsonNode>, Uni<List<Graph.Hop>>> level, boolean weighted,
                 int maxDepth, int maxNodes) {
        this.provider = provider;
        this.level = level;
        this.weighted = weighted;
        this.maxDepth = maxDepth;
        this.maxNodes = maxNodes;
    }

    /** The path found (404 when none); {@code graph} gives the node table for the records on it. */
    Uni<Found> find(JsonNode from, JsonNode to, Graph graph) {
        this.graph = graph;
        Map<JsonNode, Map<JsonNode, Graph.Hop>> edges = new HashMap<>();
        Set<JsonNode> seen = new HashSet<>(List.of(from));
        boolean[] cut = {false};
        return gather(List.of(from), 0, to, edges, seen, cut).chain(() -> {
            Route route = weighted ? dijkstra(from, to, edges) : bfs(from, to, edges);
            if (route == null) {
                throw DatablyException.notFound("Path", from + " -> " + to + (cut[0] ? " (the search stopped at "
                        + maxNodes + " nodes, datably.traversal.max-nodes)" : " within " + maxDepth + " edges"));
            }
            return records(route);
        });
    }

    /** Levels of edges from {@code from}: all within {@code max_depth} when weighted, else until {@code to}. */
    private Uni<Void> gather(List<JsonNode> frontier, int depth, JsonNode to,
                             Map<JsonNode, Map<JsonNode, Graph.Hop>> edges, Set<JsonNode> seen, boolean[] cut) {
        if (frontier.isEmpty() || depth >= maxDepth || (!weighted && seen.contains(to))
                || frontier.equals(List.of(to))) {
            return Uni.createFrom().voidItem();
        }
        return level.apply(frontier).chain(hops -> {
            List<JsonNode> next = new ArrayList<>();
            for (Graph.Hop hop : hops) {
                JsonNode a = Graph.canonicalKey(hop.from());
                JsonNode b = Graph.canonicalKey(hop.to());
                if (weighted && hop.weight() != null && hop.weight().decimalValue().signum() < 0) {
                    throw DatablyException.invalidParameter("weighted", "edge " + hop.edge() + " has the negative "
                            + "weight " + hop.weight() + ": shortest paths need weights of 0 or more");
                }
                if (weighted && hop.weight() == null) {
                    continue;
                }
                Graph.Hop kept = edges.computeIfAbsent(a, k -> new HashMap<>()).get(b);
                if (kept == null || better(hop, kept)) {
                    edges.get(a).put(b, hop);
                }
                if (seen.add(b)) {
                    next.add(b);
                }
            }
            if (seen.size() > maxNodes) {
                cut[0] = true;
                return Uni.createFrom().voidItem();
            }
            return gather(next, depth + 1, to, edges, seen, cut);
        });
    }

    /** Of two edges joining the same nodes, the lighter, then the one whose record reads first: the same everywhere. */
    private static boolean better(Graph.Hop hop, Graph.Hop kept) {
        if (hop.weight() != null && kept.weight() != null) {
            int c = hop.weight().decimalValue().compareTo(kept.weight().decimalValue());
            if (c != 0) {
                return c < 0;
            }
        }
        return String.valueOf(hop.edge()).compareTo(String.valueOf(kept.edge())) < 0;
    }

    /** A path: its nodes, the edges between them, and its cost. */
    private record Route(List<JsonNode> nodes, List<Graph.Hop> hops, BigDecimal cost) {
    }

    private Route bfs(JsonNode from, JsonNode to, Map<JsonNode, Map<JsonNode, Graph.Hop>> edges) {
        Map<JsonNode, List<JsonNode>> paths = new HashMap<>();
        paths.put(from, List.of(from));
        List<JsonNode> frontier = List.of(from);
        while (!frontier.isEmpty() && !paths.containsKey(to)) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : frontier) {
                List<JsonNode> out = new ArrayList<>(edges.getOrDefault(node, Map.of()).keySet());
                out.sort(KeyOrder.KEYS);
                for (JsonNode b : out) {
                    if (!paths.containsKey(b)) {
                        List<JsonNode> path = new ArrayList<>(paths.get(node));
                        path.add(b);
                        paths.put(b, path);
                        next.add(b);
                    }
                }
            }
            frontier = next;
        }
        List<JsonNode> path = paths.get(to);
        return path == null ? null : route(path, edges);
    }

    /** Dijkstra; the queue orders by cost, then path, so the first time a node is taken is its answer. */
    private Route dijkstra(JsonNode from, JsonNode to, Map<JsonNode, Map<JsonNode, Graph.Hop>> edges) {
        record Entry(BigDecimal cost, List<JsonNode> path) {
        }
        PriorityQueue<Entry> queue = new PriorityQueue<>((x, y) -> {
            int c = x.cost().compareTo(y.cost());
            return c != 0 ? c : KeyOrder.compare(x.path(), y.path());
        });
        Set<JsonNode> done = new HashSet<>();
        queue.add(new Entry(BigDecimal.ZERO, List.of(from)));
        while (!queue.isEmpty()) {
            Entry entry = queue.poll();
            JsonNode node = entry.path().get(entry.path().size() - 1);
            if (!done.add(node)) {
                continue;
            }
            if (node.equals(to)) {
                return route(entry.path(), edges);
            }
            for (Map.Entry<JsonNode, Graph.Hop> out : edges.getOrDefault(node, Map.of()).entrySet()) {
                if (!done.contains(out.getKey())) {
                    List<JsonNode> path = new ArrayList<>(entry.path());
                    path.add(out.getKey());
                    queue.add(new Entry(entry.cost().add(out.getValue().weight().decimalValue()), path));
                }
            }
        }
        return null;
    }

    private Route route(List<JsonNode> path, Map<JsonNode, Map<JsonNode, Graph.Hop>> edges) {
        List<Graph.Hop> hops = new ArrayList<>();
        BigDecimal cost = BigDecimal.ZERO;
        for (int i = 1; i < path.size(); i++) {
            Graph.Hop hop = edges.get(path.get(i - 1)).get(path.get(i));
            hops.add(hop);
            cost = cost.add(weighted ? hop.weight().decimalValue() : BigDecimal.ONE);
        }
        return new Route(path, hops, cost);
    }

    /** The route with the records of its nodes, read in one query. */
    private Uni<Found> records(Route route) {
        BoundCondition keys = new BoundCondition.Compare(graph.key(), Op.IN, route.nodes());
        BoundQuery read = new BoundQuery(keys, null, List.of(new BoundSort(graph.key(), false,
                SortKey.Nulls.DEFAULT)), 0, route.nodes().size(), CountMode.NONE, graph.nodes().schema().fields());
        return provider.query(graph.nodes(), read).map(page -> {
            Map<JsonNode, JsonNode> byKey = new HashMap<>();
            Json.parse(page.resultsJson()).forEach(r -> byKey.put(Graph.canonicalKey(r.get(graph.key().name())), r));
            return new Found(route, byKey);
        });
    }

    /** A path found, with its nodes' records. */
    record Found(Route route, Map<JsonNode, JsonNode> records) {
        ObjectNode toJson() {
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            List<JsonNode> nodes = route.nodes();
            answer.set("from", nodes.get(0));
            answer.set("to", nodes.get(nodes.size() - 1));
            BigDecimal cost = route.cost().stripTrailingZeros();
            answer.set("cost", Graph.canonicalKey(JsonNodeFactory.instance.numberNode(cost)));
            answer.put("length", nodes.size() - 1);
            ArrayNode path = answer.putArray("path");
            nodes.forEach(path::add);
            ArrayNode records = answer.putArray("nodes");
            nodes.forEach(k -> records.add(this.records.get(k)));
            ArrayNode edges = answer.putArray("edges");
            for (Graph.Hop hop : route.hops()) {
                ObjectNode edge = edges.addObject();
                edge.set("from", Graph.canonicalKey(hop.from()));
                edge.set("to", Graph.canonicalKey(hop.to()));
                if (hop.weight() != null) {
                    edge.set("weight", hop.weight());
                }
                edge.set("record", hop.edge());
            }
            return answer;
        }
    }
}
