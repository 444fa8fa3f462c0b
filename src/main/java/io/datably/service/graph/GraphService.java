package io.datably.service.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.datably.config.DatablyConfig;
import io.datably.config.TraversalConfig;
import io.datably.error.DatablyException;
import io.datably.error.ProblemItem;
import io.datably.provider.spi.graph.Graph;
import io.datably.provider.spi.RecordKey;
import io.datably.query.model.CountMode;
import io.datably.query.model.RecordQuery;
import io.datably.query.parse.NativeQueryParser;
import io.datably.query.plan.BoundCondition;
import io.datably.query.plan.QueryPlanner;
import io.datably.schema.model.Field;
import io.datably.service.SchemaChanges;
import io.datably.service.records.RecordAccess;
import io.datably.service.records.RecordService;
import io.datably.service.tables.TableHandle;
import io.datably.service.tables.TableResolver;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Graph walks over a table's records (issue 15): traverse (BFS or DFS), neighbours, the connected component, and the
 * shortest path. Every node visited is within the caller's {@code read} row filter of the node table and live (not
 * soft-deleted), every edge within the row filter of the edges table and live, besides the request's node and edge
 * filters: a node not meeting them is neither answered nor walked through. The start node must exist and be visible
 * to the caller (else 404) but is exempt from the request's node filters: it is named, not found by the walk.
 * Providers with recursive queries walk in one statement; the others are walked here a level at a time
 * ({@link LevelWalker}); shortest paths always are ({@link ShortestPath}).
 */
@ApplicationScoped
public class GraphService {
    private static final Set<String> TRAVERSE = Set.of("start", "algorithm", "direction", "max_depth", "limit");
    private static final Set<String> NEIGHBORS = Set.of("node", "depth", "direction", "limit");
    private static final Set<String> COMPONENTS = Set.of("node", "limit");
    private static final Set<String> SHORTEST = Set.of("from", "to", "direction", "weighted", "max_depth");
    /** Partial paths a recursive walk may consider, per node it may answer. */
    static final int PATHS_PER_NODE = 10;

    private final TableResolver resolver;
    private final RecordAccess access;
    private final TraversalConfig limits;
    private final QueryPlanner planner;

    public GraphService(TableResolver resolver, RecordAccess access, TraversalConfig limits, DatablyConfig config) {
        this.resolver = resolver;
        this.access = access;
        this.limits = limits;
        this.planner = new QueryPlanner(config.paging().defaultPageSize(), config.paging().maxPageSize(), null);
    }

    /** {@code GET graph/traverse/}: the nodes reached from {@code start}, in visiting order. */
    public Uni<String> traverse(String app, String ds, String table, Map<String, List<String>> raw) {
        GraphParameters params = new GraphParameters(raw, TRAVERSE);
        Graph.Order order = params.algorithm();
        Graph.Direction direction = params.direction(Graph.Direction.OUT);
        int depth = params.depth("max_depth", limits.defaultDepth(), limits);
        int limit = params.limit(limits);
        String rawStart = params.required("start");
        return prepared(app, ds, table, params).chain(p -> {
            JsonNode start = p.key("start", rawStart);
            return p.requireVisible("start", start, rawStart)
                    .chain(() -> walk(p, start, direction, order, depth, limit)).map(walked -> {
                        ObjectNode answer = answer(p, walked, limit, 0);
                        answer.set("start", start);
                        answer.put("algorithm", order.name().toLowerCase());
                        answer.put("direction", direction.name().toLowerCase());
                        answer.put("max_depth", depth);
                        return answer.toString();
                    });
        });
    }

    /** {@code GET graph/neighbors/}: the nodes within {@code depth} edges (default 1) of {@code node}, not itself. */
    public Uni<String> neighbors(String app, String ds, String table, Map<String, List<String>> raw) {
        GraphParameters params = new GraphParameters(raw, NEIGHBORS);
        Graph.Direction direction = params.direction(Graph.Direction.BOTH);
        int depth = params.depth("depth", 1, limits);
        int limit = params.limit(limits);
        String rawNode = params.required("node");
        return prepared(app, ds, table, params).chain(p -> {
            JsonNode node = p.key("node", rawNode);
            // The node itself is visit 0: one more than the neighbours asked for.
            return p.requireVisible("node", node, rawNode).chain(() -> walk(p, node, direction, Graph.Order.BFS,
                    depth, limit + 1)).map(walked -> {
                        ObjectNode answer = answer(p, walked, limit, 1);
                        answer.set("node", node);
                        answer.put("direction", direction.name().toLowerCase());
                        answer.put("depth", depth);
                        return answer.toString();
                    });
        });
    }

    /** {@code GET graph/components/}: the connected component of {@code node}, edges taken either way, by key. */
    public Uni<String> components(String app, String ds, String table, Map<String, List<String>> raw) {
        GraphParameters params = new GraphParameters(raw, COMPONENTS);
        int limit = params.limit(limits);
        String rawNode = params.required("node");
        return prepared(app, ds, table, params).chain(p -> {
            JsonNode node = p.key("node", rawNode);
            return p.requireVisible("node", node, rawNode).chain(() -> walk(p, node, Graph.Direction.BOTH,
                    Graph.Order.COMPONENT, limits.maxDepth(), limit)).map(walked -> {
                        ObjectNode answer = answer(p, walked, limit, 0);
                        answer.set("node", node);
                        ArrayNode keys = answer.putArray("keys");
                        answer.withArray("results").forEach(visit -> keys.add(visit.get("key")));
                        return answer.toString();
                    });
        });
    }

    /** {@code GET graph/shortest-path/}: the least-hop (or, weighted, least-cost) path; 404 when there is none. */
    public Uni<String> shortestPath(String app, String ds, String table, Map<String, List<String>> raw) {
        GraphParameters params = new GraphParameters(raw, SHORTEST);
        Graph.Direction direction = params.direction(Graph.Direction.OUT);
        boolean weighted = params.flag("weighted");
        int depth = params.depth("max_depth", limits.maxDepth(), limits);
        String rawFrom = params.required("from");
        String rawTo = params.required("to");
        return prepared(app, ds, table, params).chain(p -> {
            if (weighted && p.graph().weight() == null) {
                throw DatablyException.invalidParameter("weighted", "the graph of '" + table + "' has no weight "
                        + "field; declare one (\"datably:graph\": {..., \"weight\": <numeric field of the edges>})");
            }
            JsonNode from = p.key("from", rawFrom);
            JsonNode to = p.key("to", rawTo);
            return p.requireVisible("from", from, rawFrom).chain(() -> p.requireVisible("to", to, rawTo))
                    .chain(() -> new ShortestPath(p.nodes().provider(), p.level(direction), weighted, depth,
                            limits.maxNodes()).find(from, to, p.graph()))
                    .map(found -> {
                        ObjectNode answer = found.toJson();
                        answer.put("direction", direction.name().toLowerCase());
                        answer.put("weighted", weighted);
                        return answer.toString();
                    });
        });
    }

    private Uni<Graph.Walked> walk(Prepared p, JsonNode start, Graph.Direction direction, Graph.Order order,
                                   int depth, int limit) {
        Graph.Walk walk = new Graph.Walk(p.graph(), start, direction, order, depth, limit,
                Math.max(limit, limits.maxNodes()) * PATHS_PER_NODE, p.nodeWhere(), p.edgeWhere(),
                limits.statementTimeout());
        var provider = p.nodes().provider();
        return provider.capabilities().recursiveWalks() ? provider.walkGraph(walk)
                : new LevelWalker(provider, walk).run();
    }

    /** The answer of a walk: its visits from {@code skip} on, at most {@code limit}, and whether it was cut. */
    private static ObjectNode answer(Prepared p, Graph.Walked walked, int limit, int skip) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ArrayNode results = JsonNodeFactory.instance.arrayNode();
        List<Graph.Visit> visits = walked.visits();
        int end = Math.min(visits.size(), skip + limit);
        for (int i = skip; i < end; i++) {
            Graph.Visit visit = visits.get(i);
            ObjectNode item = results.addObject();
            item.set("key", Graph.canonicalKey(visit.key()));
            item.put("depth", visit.depth());
            ArrayNode path = item.putArray("path");
            visit.path().forEach(k -> path.add(Graph.canonicalKey(k)));
            item.set("record", visit.record());
        }
        answer.put("count", results.size());
        answer.put("limit", limit);
        answer.put("truncated", walked.truncated() || visits.size() > skip + limit);
        answer.put("edges", p.graph().edges().tableName());
        answer.set("results", results);
        return answer;
    }

    /**
     * The node and edge tables, the graph between them, and the filters: node filters bound to the node table within
     * the caller's row filters, edge filters ({@code edge__}) to the edges table within its own.
     */
    private Uni<Prepared> prepared(String app, String ds, String table, GraphParameters params) {
        RecordQuery nodeQuery = NativeQueryParser.parse(params.nodeFilters);
        RecordQuery edgeQuery = edgeErrors(() -> NativeQueryParser.parse(params.edgeFilters));
        return SchemaChanges.retryOnce(resolver.resolve(app, ds, table).chain(nodes -> {
            GraphDefinition definition = GraphDefinition.of(table, nodes.siblings());
            Uni<TableHandle> edgesHandle = definition.edges().equals(table) ? Uni.createFrom().item(nodes)
                    : resolver.resolve(app, ds, definition.edges());
            return edgesHandle.chain(edges -> access.filters(app, ds, nodes.target(), "read", nodeQuery.where(),
                    List.of()).chain(nodeFilters -> access.filters(app, ds, edges.target(), "read",
                    edgeQuery.where(), List.of()).map(edgeFilters -> {
                        BoundCondition visible = planner.plan(query(null), nodes.target(), nodeFilters).where();
                        BoundCondition nodeWhere = planner.plan(nodeQuery, nodes.target(), nodeFilters).where();
                        BoundCondition edgeWhere = edgeErrors(() -> planner.plan(edgeQuery, edges.target(),
                                edgeFilters).where());
                        var nodeSchema = nodes.descriptor().schema();
                        var edgeSchema = edges.descriptor().schema();
                        Graph graph = new Graph(nodes.descriptor(), field(nodeSchema, nodeSchema.primaryKey().get(0)),
                                edges.descriptor(), field(edgeSchema, definition.source()),
                                field(edgeSchema, definition.target()), definition.weight() == null ? null
                                : field(edgeSchema, definition.weight()));
                        return new Prepared(nodes, graph, visible, nodeWhere, edgeWhere, limits);
                    })));
        }));
    }

    private static RecordQuery query(io.datably.query.model.Condition where) {
        return new RecordQuery(where, null, List.of(), null, null, List.of(), CountMode.NONE);
    }

    private static Field field(io.datably.schema.model.TableSchema schema, String name) {
        return schema.field(name).orElseThrow();
    }

    /** Errors of the edge filters name the parameters as given ({@code edge__weight__gt}), not as parsed. */
    private static <T> T edgeErrors(Supplier<T> work) {
        try {
            return work.get();
        } catch (DatablyException e) {
            List<ProblemItem> items = e.errors().stream().map(i -> new ProblemItem(i.field() == null ? null
                    : GraphParameters.EDGE_PREFIX + i.field(), i.code(), i.message())).toList();
            String detail = e.getMessage().replace("Parameter '", "Parameter '" + GraphParameters.EDGE_PREFIX)
                    .replace("Filter '", "Filter '" + GraphParameters.EDGE_PREFIX);
            throw new DatablyException(e.code(), detail.contains(GraphParameters.EDGE_PREFIX) ? detail
                    : "Edge filter (" + GraphParameters.EDGE_PREFIX + "...): " + detail, items);
        }
    }

    /** A resolved graph request. */
    record Prepared(TableHandle nodes, Graph graph, BoundCondition visible, BoundCondition nodeWhere,
                    BoundCondition edgeWhere, TraversalConfig limits) {

        /** A key from the URL, cast to the node key's type; 400 naming {@code parameter} otherwise. */
        JsonNode key(String parameter, String raw) {
            try {
                JsonNode value = nodes.target().caster().castValue(graph.key(), TextNode.valueOf(raw));
                if (value == null || value.isNull()) {
                    throw new IllegalArgumentException("empty");
                }
                ObjectNode doc = JsonNodeFactory.instance.objectNode().set(graph.key().name(), value);
                if (!nodes.provider().recordProblems(nodes.descriptor().schema(), doc).isEmpty()) {
                    throw new IllegalArgumentException("not storable");
                }
                return Graph.canonicalKey(value);
            } catch (IllegalArgumentException e) {
                throw DatablyException.invalidParameter(parameter, "'" + DatablyException.abbreviate(raw)
                        + "' is not a valid " + graph.key().type().jsonName() + " key of '" + nodes.table().name
                        + "' (field '" + graph.key().name() + "')");
            }
        }

        /** The node exists, is live and within the caller's read filter; else 404 (a hidden node is not said to be). */
        Uni<Void> requireVisible(String parameter, JsonNode key, String raw) {
            RecordKey recordKey = new RecordKey(List.of(key));
            var provider = nodes.provider();
            return (visible == null ? provider.find(nodes.descriptor(), recordKey)
                    : provider.find(nodes.descriptor(), recordKey, visible)).map(found -> {
                        if (found.isEmpty()) {
                            throw RecordService.missing(nodes.table().name, raw + " (" + parameter + ")");
                        }
                        return null;
                    });
        }

        /** One level of a walk the service runs itself, as {@link ShortestPath} asks for them. */
        java.util.function.Function<List<JsonNode>, Uni<List<Graph.Hop>>> level(Graph.Direction direction) {
            return frontier -> nodes.provider().graphLevel(new Graph.Level(graph, frontier, direction, nodeWhere,
                    edgeWhere, limits.statementTimeout()));
        }
    }
}
