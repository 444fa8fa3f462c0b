package io.datably.provider.mongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import io.datably.provider.spi.graph.Graph;
import io.datably.provider.spi.TableDescriptor;
import io.datably.query.model.Op;
import io.datably.query.plan.BoundCondition;
import io.datably.schema.model.Field;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * One level of a graph walk on MongoDB (issue 15): the service walks graphs itself here, a level at a time, with two
 * queries per level whatever its size: the edges whose near end is in the frontier ({@code $in}, with the edge
 * filter), then the far nodes among them that meet the node filter ({@code $in} on {@code _id}). A real MongoDB server
 * could answer a whole BFS with {@code $graphLookup} (its {@code depthField} and {@code maxDepth}, the node filter in
 * {@code restrictSearchWithMatch} when edges are node fields); the in-process test server evaluates it wrongly, and
 * {@code $graphLookup} keeps neither paths nor an order, so the level walk is the one used (and tested).
 */
final class MongoGraph {
    private final Function<TableDescriptor, ReactiveMongoCollection<BsonDocument>> collections;
    private final MongoRelations relations;

    MongoGraph(Function<TableDescriptor, ReactiveMongoCollection<BsonDocument>> collections,
               MongoRelations relations) {
        this.collections = collections;
        this.relations = relations;
    }

    Uni<List<Graph.Hop>> level(Graph.Level level) {
        if (level.frontier().isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Graph g = level.graph();
        MongoRecords edgeLayout = new MongoRecords(g.edges().tableName(), g.edges().schema());
        MongoRecords nodeLayout = new MongoRecords(g.nodes().tableName(), g.nodes().schema());
        long timeout = Math.max(1, level.timeout().toMillis());
        List<BoundCondition> near = new ArrayList<>();
        if (level.direction() != Graph.Direction.IN) {
            near.add(new BoundCondition.Compare(g.source(), Op.IN, level.frontier()));
        }
        if (level.direction() != Graph.Direction.OUT) {
            near.add(new BoundCondition.Compare(g.target(), Op.IN, level.frontier()));
        }
        BoundCondition edgeWhere = BoundCondition.both(near.size() == 1 ? near.get(0) : new BoundCondition.Or(near),
                level.edgeWhere());
        Set<JsonNode> frontier = new HashSet<>(level.frontier());
        Uni<List<BsonDocument>> edges = relations.resolve(edgeWhere, edgeLayout).chain(related ->
                collections.apply(g.edges()).find(new MongoFilterCompiler(edgeLayout, related).compile(edgeWhere),
                        new FindOptions().maxTime(timeout, TimeUnit.MILLISECONDS)).collect().asList());
        return edges.chain(found -> {
            List<Graph.Hop> hops = new ArrayList<>();
            for (BsonDocument edge : found) {
                JsonNode source = value(edgeLayout, edge, g.source());
                JsonNode target = value(edgeLayout, edge, g.target());
                JsonNode weight = g.weight() == null ? null
                        : BsonValues.toJson(g.weight(), edgeLayout.valueOf(edge, g.weight().name()));
                weight = weight == null || weight.isNull() ? null : weight;
                var record = edgeLayout.toRecord(edge);
                if (level.direction() != Graph.Direction.IN && frontier.contains(source) && target != null
                        && !target.isNull()) {
                    hops.add(new Graph.Hop(source, target, weight, record));
                }
                if (level.direction() != Graph.Direction.OUT && frontier.contains(target) && source != null
                        && !source.isNull()) {
                    hops.add(new Graph.Hop(target, source, weight, record));
                }
            }
            List<JsonNode> far = hops.stream().map(Graph.Hop::to).distinct().toList();
            if (far.isEmpty()) {
                return Uni.createFrom().item(hops);
            }
            BoundCondition nodeWhere = BoundCondition.both(new BoundCondition.Compare(g.key(), Op.IN, far),
                    level.nodeWhere());
            return relations.resolve(nodeWhere, nodeLayout).chain(related -> collections.apply(g.nodes())
                    .find(new MongoFilterCompiler(nodeLayout, related).compile(nodeWhere),
                            new FindOptions().projection(Filters.eq(MongoRecords.ID, 1))
                                    .maxTime(timeout, TimeUnit.MILLISECONDS)).collect().asList())
                    .map(nodes -> {
                        Set<JsonNode> kept = new HashSet<>();
                        nodes.forEach(node -> kept.add(value(nodeLayout, node, g.key())));
                        return hops.stream().filter(hop -> kept.contains(hop.to())).toList();
                    });
        });
    }

    private static JsonNode value(MongoRecords layout, BsonDocument document, Field field) {
        BsonValue value = layout.valueOf(document, field.name());
        return value == null ? null : Graph.canonicalKey(BsonValues.toJson(field, value));
    }
}
