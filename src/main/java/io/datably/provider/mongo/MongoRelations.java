package io.datably.provider.mongo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.provider.spi.TableDescriptor;
import io.datably.query.plan.BoundCondition;
import io.datably.query.plan.BoundExpand;
import io.datably.query.plan.BoundJoin;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;

/**
 * Relations on MongoDB, portably: the service's own in-process test server has no {@code $lookup} with {@code let}
 * variables, so related records are fetched with one query per relation (not per record), the way ODMs populate.
 * <ul>
 *   <li>A filter through a relation first finds the related records that satisfy it, then becomes an {@code $in}
 *       on the joining fields (at most {@link #MAX_KEYS} distinct keys, else a 400 asking for a narrower filter).</li>
 *   <li>An expansion reads the related records of a whole page with one {@code $in} query per relation, in key
 *       order, and embeds them (to-one as an object or null, to-many as an array of at most the limit).</li>
 * </ul>
 */
final class MongoRelations {
    static final int MAX_KEYS = 100_000;

    private final Function<TableDescriptor, ReactiveMongoCollection<BsonDocument>> collections;

    MongoRelations(Function<TableDescriptor, ReactiveMongoCollection<BsonDocument>> collections) {
        this.collections = collections;
    }

    /** The query document of each relation condition in {@code where} (outermost ones; inner ones are inside). */
    Uni<Map<BoundCondition.Related, BsonDocument>> resolve(BoundCondition where, MongoRecords layout) {
        Map<BoundCondition.Related, BsonDocument> resolved = new IdentityHashMap<>();
        List<BoundCondition.Related> found = new ArrayList<>();
        collect(where, found);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (BoundCondition.Related related : found) {
            chain = chain.chain(() -> keysMatching(related).map(keys -> {
                resolved.put(related, in(layout, related.join().fields(), keys));
                return keys;
            }).replaceWithVoid());
        }
        return chain.replaceWith(resolved);
    }

    private static void collect(BoundCondition condition, List<BoundCondition.Related> found) {
        if (condition instanceof BoundCondition.And and) {
            and.items().forEach(item -> collect(item, found));
        } else if (condition instanceof BoundCondition.Or or) {
            or.items().forEach(item -> collect(item, found));
        } else if (condition instanceof BoundCondition.Not not) {
            collect(not.item(), found);
        } else if (condition instanceof BoundCondition.Related related) {
            found.add(related);
        }
    }

    /** The distinct joining values of the related records that satisfy the condition's item. */
    private Uni<Set<List<BsonValue>>> keysMatching(BoundCondition.Related related) {
        BoundJoin join = related.join();
        MongoRecords target = layout(join.table());
        return resolve(related.item(), target).chain(inner -> {
            BsonDocument filter = new MongoFilterCompiler(target, inner).compile(related.item());
            return collections.apply(join.table()).find(filter, new FindOptions().projection(projection(target, join)))
                    .collect().asList().map(documents -> {
                        Set<List<BsonValue>> keys = new LinkedHashSet<>();
                        for (BsonDocument document : documents) {
                            List<BsonValue> key = tuple(target, document, join.targetFields());
                            if (key != null) {
                                keys.add(key);
                            }
                            if (keys.size() > MAX_KEYS) {
                                throw new DatablyException(ErrorCode.UNSUPPORTED_BY_PROVIDER, "The filter through '"
                                        + join.relation().name() + "' matches more than " + MAX_KEYS + " related "
                                        + "records; the mongodb provider needs a narrower filter there");
                            }
                        }
                        return keys;
                    });
        });
    }

    /** Adds each expansion to the records made from {@code documents} (same order), one query per relation. */
    Uni<Void> expand(List<BsonDocument> documents, List<ObjectNode> records, MongoRecords layout,
                     List<BoundExpand> expand) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (BoundExpand e : expand) {
            chain = chain.chain(() -> expandOne(documents, records, layout, e));
        }
        return chain;
    }

    private Uni<Void> expandOne(List<BsonDocument> documents, List<ObjectNode> records, MongoRecords layout,
                                BoundExpand e) {
        BoundJoin join = e.join();
        Set<List<BsonValue>> keys = new LinkedHashSet<>();
        documents.forEach(d -> {
            List<BsonValue> key = tuple(layout, d, join.fields());
            if (key != null) {
                keys.add(key);
            }
        });
        if (keys.isEmpty()) {
            records.forEach(r -> r.set(e.name(), empty(e)));
            return Uni.createFrom().voidItem();
        }
        MongoRecords target = layout(join.table());
        BsonDocument filter = in(target, join.targetFields(), keys);
        if (e.where() != null) {
            // The related table's row filter: only records within the caller's reach are embedded.
            filter = new BsonDocument("$and", new BsonArray(List.of(filter,
                    new MongoFilterCompiler(target).compile(e.where()))));
        }
        return collections.apply(join.table()).find(filter, new FindOptions().sort(new BsonDocument(MongoRecords.ID,
                new BsonInt32(1)))).collect().asList().chain(children -> {
                    List<ObjectNode> childRecords = new ArrayList<>();
                    children.forEach(child -> childRecords.add(target.toRecord(child)));
                    return expand(children, childRecords, target, e.nested()).map(done -> {
                        Map<List<BsonValue>, List<ObjectNode>> byKey = new HashMap<>();
                        for (int i = 0; i < children.size(); i++) {
                            byKey.computeIfAbsent(tuple(target, children.get(i), join.targetFields()),
                                    k -> new ArrayList<>()).add(childRecords.get(i));
                        }
                        for (int i = 0; i < documents.size(); i++) {
                            List<BsonValue> key = tuple(layout, documents.get(i), join.fields());
                            List<ObjectNode> related = key == null ? List.of() : byKey.getOrDefault(key, List.of());
                            records.get(i).set(e.name(), embed(e, related));
                        }
                        return null;
                    });
                });
    }

    private static com.fasterxml.jackson.databind.JsonNode embed(BoundExpand e, List<ObjectNode> related) {
        if (!e.join().relation().toMany()) {
            return related.isEmpty() ? NullNode.getInstance() : related.get(0);
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        related.stream().limit(e.limit()).forEach(array::add);
        return array;
    }

    private static com.fasterxml.jackson.databind.JsonNode empty(BoundExpand e) {
        return e.join().relation().toMany() ? JsonNodeFactory.instance.arrayNode() : NullNode.getInstance();
    }

    /** The values of {@code fields} in a document, or null when one is null (a null never joins). */
    private static List<BsonValue> tuple(MongoRecords layout, BsonDocument document, List<io.datably.schema.model.Field>
            fields) {
        List<BsonValue> values = new ArrayList<>(fields.size());
        for (io.datably.schema.model.Field field : fields) {
            BsonValue value = layout.valueOf(document, field.name());
            if (value == null || value.isNull()) {
                return null;
            }
            values.add(value);
        }
        return values;
    }

    /** Documents whose {@code fields} equal one of the tuples; none for no tuples. */
    private static BsonDocument in(MongoRecords layout, List<io.datably.schema.model.Field> fields,
                                   Set<List<BsonValue>> tuples) {
        if (fields.size() == 1) {
            BsonArray values = new BsonArray();
            tuples.forEach(t -> values.add(t.get(0)));
            return new BsonDocument(layout.path(fields.get(0).name()), new BsonDocument("$in", values));
        }
        if (tuples.isEmpty()) {
            return new BsonDocument(MongoRecords.ID, new BsonDocument("$in", new BsonArray()));
        }
        BsonArray alternatives = new BsonArray();
        for (List<BsonValue> tuple : tuples) {
            BsonDocument all = new BsonDocument();
            for (int i = 0; i < fields.size(); i++) {
                all.append(layout.path(fields.get(i).name()), new BsonDocument("$eq", tuple.get(i)));
            }
            alternatives.add(all);
        }
        return new BsonDocument("$or", alternatives);
    }

    private static BsonDocument projection(MongoRecords layout, BoundJoin join) {
        BsonDocument projection = new BsonDocument(MongoRecords.ID, new BsonInt32(1));
        join.targetFields().stream().map(f -> layout.path(f.name())).filter(path -> !path.startsWith(MongoRecords.ID))
                .forEach(path -> projection.append(path, new BsonInt32(1)));
        return projection;
    }

    private static MongoRecords layout(TableDescriptor table) {
        return new MongoRecords(table.tableName(), table.schema());
    }
}
