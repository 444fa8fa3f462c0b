package io.datably.provider.mongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.provider.spi.traversal.Hierarchy;
import io.datably.provider.spi.TableDescriptor;
import io.datably.query.model.CountMode;
import io.datably.query.model.Op;
import io.datably.query.model.SortKey;
import io.datably.query.plan.BoundCondition;
import io.datably.query.plan.BoundQuery;
import io.datably.query.plan.BoundSort;
import io.datably.schema.model.Field;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hierarchy walks on MongoDB, level by level in the service: one {@code $in} query per level (never one per node)
 * for the walk, one per level of the answer's page, and one {@code distinct} for {@code is_leaf}. A node is not
 * walked again along its own path (the path is the visited set, as PostgreSQL's {@code CYCLE} does), so cycles end.
 * {@code $graphLookup} would do the walk in one command on a real MongoDB server (with {@code maxDepth},
 * {@code depthField} and {@code restrictSearchWithMatch} for the row filter), but the in-process test server answers
 * it wrongly, so the portable walk is used everywhere; its cost is one round trip per level (at most
 * {@code max_depth}), and the visited nodes it holds are capped by {@code max-nodes}.
 */
final class MongoHierarchy {
    /** One visit: the node's key, its depth and the keys from the start to it. */
    private record Visit(JsonNode key, int depth, ArrayNode path) {
    }

    /** Decimals as written (a double would round them). */
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = com.fasterxml.jackson.databind.json
            .JsonMapper.builder().enable(com.fasterxml.jackson.databind.DeserializationFeature
                    .USE_BIG_DECIMAL_FOR_FLOATS).build();
    private final MongoProvider provider;

    MongoHierarchy(MongoProvider provider) {
        this.provider = provider;
    }

    Uni<Hierarchy.Answer> descendants(TableDescriptor table, Hierarchy.Walk walk) {
        Hierarchy.Link link = walk.link();
        Hierarchy.Bounds bounds = walk.bounds();
        List<Visit> visits = new ArrayList<>();
        boolean[] truncated = {false};
        return level(table, link, BoundCondition.both(walk.start(), bounds.within()), bounds.maxNodes() + 1)
                .chain(starts -> {
                    List<Visit> first = new ArrayList<>();
                    for (ObjectNode start : starts) {
                        first.add(new Visit(start.get(link.key().name()), 0,
                                JsonNodeFactory.instance.arrayNode().add(start.get(link.key().name()))));
                    }
                    long startCount = Math.min(first.size(), bounds.maxNodes());
                    return down(table, link, bounds, first, visits, truncated).chain(() -> answer(table, walk, visits,
                            startCount, truncated[0]));
                });
    }

    /** Adds {@code frontier} to the visits (within the node cap), then walks the next level. */
    private Uni<Void> down(TableDescriptor table, Hierarchy.Link link, Hierarchy.Bounds bounds, List<Visit> frontier,
                           List<Visit> visits, boolean[] truncated) {
        int room = bounds.maxNodes() - visits.size();
        if (frontier.size() > room) {
            truncated[0] = true;
            frontier = frontier.subList(0, room);
        }
        visits.addAll(frontier);
        if (frontier.isEmpty() || truncated[0] || frontier.get(0).depth() >= bounds.maxDepth()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, List<Visit>> byKey = new LinkedHashMap<>();
        frontier.forEach(v -> byKey.computeIfAbsent(v.key().toString(), k -> new ArrayList<>()).add(v));
        List<JsonNode> keys = byKey.values().stream().map(v -> v.get(0).key()).toList();
        BoundCondition children = BoundCondition.both(new BoundCondition.Compare(link.parent(), Op.IN, keys),
                bounds.within());
        List<Visit> current = frontier;
        return level(table, link, children, room - current.size() + 1).chain(found -> {
            List<Visit> next = new ArrayList<>();
            for (ObjectNode child : found) {
                JsonNode key = child.get(link.key().name());
                for (Visit parent : byKey.getOrDefault(child.get(link.parent().name()).toString(), List.of())) {
                    if (!contains(parent.path(), key)) {
                        next.add(new Visit(key, parent.depth() + 1, parent.path().deepCopy().add(key)));
                    }
                }
            }
            return down(table, link, bounds, next, visits, truncated);
        });
    }

    /** The key and parent of at most {@code limit} records meeting {@code where}, in key order. */
    private Uni<List<ObjectNode>> level(TableDescriptor table, Hierarchy.Link link, BoundCondition where, int limit) {
        BoundQuery query = new BoundQuery(where, null, List.of(new BoundSort(link.key(), false,
                SortKey.Nulls.DEFAULT)), 0, limit, CountMode.NONE, fields(table, link.key(), link.parent()));
        return provider.query(table, query).map(page -> {
            List<ObjectNode> records = new ArrayList<>();
            parse(page.resultsJson()).forEach(r -> records.add((ObjectNode) r));
            return records;
        });
    }

    /**
     * The answer's page: the chosen visits level by level (depth order), each level's records selected and ordered
     * by {@code walk.result()} in one {@code $in} query, the window cut across levels.
     */
    private Uni<Hierarchy.Answer> answer(TableDescriptor table, Hierarchy.Walk walk, List<Visit> visits, long starts,
                                         boolean truncated) {
        Map<Integer, Map<String, Visit>> levels = new java.util.TreeMap<>();
        for (Visit v : visits) {
            if (v.depth() >= walk.minDepth()) {
                levels.computeIfAbsent(v.depth(), d -> new LinkedHashMap<>()).putIfAbsent(v.key().toString(), v);
            }
        }
        BoundQuery result = walk.result();
        Field key = walk.link().key();
        List<ObjectNode> page = new ArrayList<>();
        List<Visit> pageVisits = new ArrayList<>();
        long[] count = {0};
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<Integer, Map<String, Visit>> level : levels.entrySet()) {
            chain = chain.chain(() -> {
                long skip = Math.max(0, result.offset() - count[0]);
                int room = result.limit() - page.size();
                BoundCondition where = BoundCondition.both(new BoundCondition.Compare(key, Op.IN, level.getValue()
                        .values().stream().map(Visit::key).toList()), result.where());
                BoundQuery query = new BoundQuery(where, null, result.ordering(), skip, Math.max(room, 0),
                        CountMode.EXACT, withField(result.fields(), key));
                return provider.query(table, query).map(found -> {
                    count[0] += found.count();
                    parse(found.resultsJson()).forEach(r -> {
                        page.add((ObjectNode) r);
                        pageVisits.add(level.getValue().get(r.get(key.name()).toString()));
                    });
                    return null;
                });
            });
        }
        return chain.chain(() -> leaves(table, walk.link(), walk.bounds(), page)).map(parents -> {
            ArrayNode results = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < page.size(); i++) {
                Visit v = pageVisits.get(i);
                results.add(shaped(page.get(i), result.fields(), v.depth(), v.path(),
                        !parents.contains(v.key().toString())));
            }
            return new Hierarchy.Answer(starts, count[0], truncated, results.toString());
        });
    }

    /** The keys (as JSON text) of the records among {@code page} with a child the walk may visit. */
    private Uni<Set<String>> leaves(TableDescriptor table, Hierarchy.Link link, Hierarchy.Bounds bounds,
                                    List<ObjectNode> page) {
        if (page.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        List<JsonNode> keys = page.stream().map(r -> r.get(link.key().name())).toList();
        return provider.distinct(table, link.parent(), BoundCondition.both(new BoundCondition.Compare(link.parent(),
                Op.IN, keys), bounds.within())).map(values -> {
                    Set<String> parents = new HashSet<>();
                    values.forEach(v -> parents.add(v.toString()));
                    return parents;
                });
    }

    Uni<Hierarchy.Answer> ancestors(TableDescriptor table, Hierarchy.Climb climb) {
        Hierarchy.Link link = climb.link();
        Hierarchy.Bounds bounds = climb.bounds();
        List<Field> fields = withField(withField(climb.fields(), link.key()), link.parent());
        return chainUp(table, climb, BoundCondition.both(climb.start(), bounds.within()), fields, new ArrayList<>(),
                JsonNodeFactory.instance.arrayNode())
                .map(chain -> {
                    if (chain.isEmpty()) {
                        return new Hierarchy.Answer(0, -1, false, "[]");
                    }
                    ArrayNode results = JsonNodeFactory.instance.arrayNode();
                    ArrayNode path = JsonNodeFactory.instance.arrayNode();
                    boolean truncated = false;
                    for (int depth = 0; depth < chain.size(); depth++) {
                        ObjectNode record = chain.get(depth);
                        path = path.deepCopy().add(record.get(link.key().name()));
                        if (depth >= bounds.maxNodes()) {
                            truncated = true;
                            break;
                        }
                        if (depth > 0) {
                            results.add(shaped(record, climb.fields(), depth, path, false));
                        }
                    }
                    return new Hierarchy.Answer(1, -1, truncated, results.toString());
                });
    }

    /** The chain upwards, one query per level (each level is one record), stopping at a root, a loop or a bound. */
    private Uni<List<ObjectNode>> chainUp(TableDescriptor table, Hierarchy.Climb climb, BoundCondition where,
                                          List<Field> fields, List<ObjectNode> chain, ArrayNode seen) {
        BoundQuery query = new BoundQuery(where, null, List.of(), 0, 1, CountMode.NONE, fields);
        Hierarchy.Link link = climb.link();
        return provider.query(table, query).chain(page -> {
            JsonNode found = parse(page.resultsJson());
            if (found.isEmpty() || contains(seen, found.get(0).get(link.key().name()))) {
                return Uni.createFrom().item(chain);
            }
            ObjectNode record = (ObjectNode) found.get(0);
            chain.add(record);
            seen.add(record.get(link.key().name()));
            JsonNode parent = record.get(link.parent().name());
            int depth = chain.size() - 1;
            if (parent == null || parent.isNull() || depth >= Math.min(climb.bounds().maxDepth(),
                    climb.bounds().maxNodes())) {
                return Uni.createFrom().item(chain);
            }
            return chainUp(table, climb, BoundCondition.both(new BoundCondition.Compare(link.key(), Op.EQ,
                    List.of(parent)), climb.bounds().within()), fields, chain, seen);
        });
    }

    /** The record with only the asked fields (less the computed names), then depth, path and is_leaf. */
    private static ObjectNode shaped(ObjectNode record, List<Field> fields, int depth, ArrayNode path, boolean leaf) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Field f : fields) {
            if (!Hierarchy.COMPUTED.contains(f.name()) && record.has(f.name())) {
                out.set(f.name(), record.get(f.name()));
            }
        }
        out.put(Hierarchy.DEPTH, depth);
        out.set(Hierarchy.PATH, path);
        out.put(Hierarchy.IS_LEAF, leaf);
        return out;
    }

    private static List<Field> fields(TableDescriptor table, Field... wanted) {
        List<String> names = java.util.Arrays.stream(wanted).map(Field::name).toList();
        return table.schema().fields().stream().filter(f -> names.contains(f.name())).toList();
    }

    /** {@code fields} with {@code field} too, in schema order (the walk needs the key to place each record). */
    private static List<Field> withField(List<Field> fields, Field field) {
        if (fields.stream().anyMatch(f -> f.name().equals(field.name()))) {
            return fields;
        }
        List<Field> more = new ArrayList<>(fields);
        more.add(field);
        return more;
    }

    private static boolean contains(ArrayNode path, JsonNode key) {
        for (JsonNode k : path) {
            if (k.toString().equals(key.toString())) {
                return true;
            }
        }
        return false;
    }

    /** The JSON array text a page of records came as. */
    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Unreadable page of records", e);
        }
    }
}
