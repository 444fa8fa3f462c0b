package io.datably.service.treeql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.datably.config.DatablyConfig;
import io.datably.error.DatablyException;
import io.datably.query.model.Condition;
import io.datably.query.model.CountMode;
import io.datably.query.model.Op;
import io.datably.query.model.Pagination;
import io.datably.query.model.RecordQuery;
import io.datably.query.model.SortKey;
import io.datably.query.model.TreeQlRequest;
import io.datably.query.plan.QueryPlanner;
import io.datably.query.plan.RelatedTables;
import io.datably.schema.model.TableSchema;
import io.datably.service.Json;
import io.datably.service.OffEventLoop;
import io.datably.service.SchemaCache;
import io.datably.service.SchemaChanges;
import io.datably.service.records.RecordAccess;
import io.datably.service.records.RecordService;
import io.datably.service.tables.TableHandle;
import io.datably.service.tables.TableResolver;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * TreeQL (PHP-CRUD-API) record use cases on the same road as the native API: a TreeQL request becomes a
 * {@link RecordQuery} for the same planner and providers, and records are written through {@link RecordService}.
 * What TreeQL does differently lives here: names it ignores (unknown columns and relations), relations named after
 * tables, its answers (keys and row counts) and its value encodings ({@link TreeQlValues}).
 */
@ApplicationScoped
public class TreeQlService {
    /** TreeQL pages without an explicit size hold 20 records. */
    private static final int DEFAULT_PAGE_SIZE = 20;

    private final TableResolver resolver;
    private final RecordService records;
    private final SchemaCache schemas;
    private final QueryPlanner planner;
    private final RecordAccess access;
    private final io.datably.service.dataops.SoftDeletes deletes;

    public TreeQlService(TableResolver resolver, RecordService records, SchemaCache schemas, DatablyConfig config,
                         RecordAccess access, io.datably.service.dataops.SoftDeletes deletes) {
        this.resolver = resolver;
        this.deletes = deletes;
        this.records = records;
        this.schemas = schemas;
        this.access = access;
        this.planner = new QueryPlanner(config.paging().maxPageSize(), config.paging().maxPageSize(), null);
    }

    /** {@code {"records": [...]}}, plus {@code "results"} (all matches) when a page was asked for. */
    public Uni<String> list(String app, String ds, String table, TreeQlRequest request) {
        return SchemaChanges.retryOnce(resolver.resolve(app, ds, table).chain(h -> {
            QueryPlanner.Target target = h.target();
            Condition where = request.where() == null ? null : known(request.where(), target);
            return fetch(h, app, ds, table, request, where, pagination(request),
                    request.page() == null ? CountMode.NONE : CountMode.EXACT).map(page -> {
                        ObjectNode body = JsonNodeFactory.instance.objectNode();
                        ArrayNode out = body.putArray("records");
                        if (!emptyPage(request)) {
                            page.records().forEach(out::add);
                        }
                        if (request.page() != null) {
                            body.put("results", page.count());
                        }
                        return body.toString();
                    });
        }));
    }

    /** One record by key, with joins and include/exclude; 1003 when missing. */
    public Uni<JsonNode> read(String app, String ds, String table, String id, TreeQlRequest request) {
        return SchemaChanges.retryOnce(resolver.resolve(app, ds, table).chain(h -> {
            TableSchema schema = h.descriptor().schema();
            if (schema.primaryKey().size() != 1) {
                throw DatablyException.notFound("Primary key", table);
            }
            Condition byKey = new Condition.Compare(List.of(schema.primaryKey().get(0)), Op.EQ, TextNode.valueOf(id));
            return fetch(h, app, ds, table, request, byKey, Pagination.DEFAULT, CountMode.NONE).map(page -> {
                if (page.records().isEmpty()) {
                    throw DatablyException.notFound("Record", id);
                }
                return (JsonNode) page.records().get(0);
            });
        }));
    }

    private record Fetched(List<ObjectNode> records, long count) {
    }

    /**
     * Runs the query with the joins as expansions, within the caller's row filters (the table's and each joined
     * table's), then reshapes each record the TreeQL way.
     */
    private Uni<Fetched> fetch(TableHandle h, String app, String ds, String table, TreeQlRequest request,
                               Condition where, Pagination pagination, CountMode count) {
        QueryPlanner.Target target = h.target();
        TableSchema schema = h.descriptor().schema();
        List<SortKey> ordering = request.ordering().stream()
                .filter(k -> k.path().size() == 1 && schema.field(k.path().get(0)).isPresent()).toList();
        TreeQlJoins.Node joins = TreeQlJoins.tree(table, target, request.joins());
        RecordQuery query = new RecordQuery(where, null, ordering, pagination, null, TreeQlJoins.expansions(joins),
                count);
        var selection = new TreeQlJoins.Selection(table, request.include(), request.exclude()).joined(joins);
        return access.filters(app, ds, target, "read", where, query.expand())
                .chain(filters -> h.provider().query(h.descriptor(), planner.plan(query, target, filters)))
                .map(page -> {
                    List<ObjectNode> out = new ArrayList<>();
                    Json.parse(page.resultsJson()).forEach(r -> out.add(TreeQlJoins.reshape((ObjectNode) r, joins,
                            selection)));
                    return new Fetched(out, page.count());
                });
    }

    /** Offset and limit of the request; a size of 0 reads one record that is then dropped (the count stays). */
    private static Pagination pagination(TreeQlRequest request) {
        if (request.page() != null) {
            int size = request.pageSize() == null ? DEFAULT_PAGE_SIZE : Math.max(request.pageSize(), 0);
            int page = Math.max(request.page(), 1);
            return new Pagination(null, null, (long) (page - 1) * size, (long) Math.max(size, 1), null);
        }
        if (request.size() != null) {
            return new Pagination(null, null, 0L, (long) Math.max(request.size(), 1), null);
        }
        return Pagination.DEFAULT;
    }

    private static boolean emptyPage(TreeQlRequest request) {
        return (request.page() != null && request.pageSize() != null && request.pageSize() <= 0)
                || (request.page() == null && request.size() != null && request.size() <= 0);
    }

    /**
     * The filter without what TreeQL ignores (unknown columns, unknown relations), relation segments renamed from
     * table names to relation names; null when nothing is left.
     */
    private static Condition known(Condition condition, QueryPlanner.Target target) {
        if (condition instanceof Condition.And and) {
            List<Condition> items = and.items().stream().map(c -> known(c, target)).filter(c -> c != null).toList();
            return items.isEmpty() ? null : items.size() == 1 ? items.get(0) : new Condition.And(items);
        }
        if (condition instanceof Condition.Or or) {
            List<Condition> items = or.items().stream().map(c -> known(c, target)).filter(c -> c != null).toList();
            return items.isEmpty() ? null : items.size() == 1 ? items.get(0) : new Condition.Or(items);
        }
        if (condition instanceof Condition.Not not) {
            Condition item = known(not.item(), target);
            return item == null ? null : new Condition.Not(item);
        }
        Condition.Compare compare = (Condition.Compare) condition;
        List<String> path = new ArrayList<>();
        QueryPlanner.Target at = target;
        for (int i = 0; i < compare.path().size() - 1; i++) {
            List<RelatedTables.Hop> hops = TreeQlJoins.hopsTo(at, compare.path().get(i));
            if (hops.isEmpty()) {
                return null;
            }
            for (var hop : hops) {
                path.add(hop.relation().name());
                at = hop.target();
            }
        }
        String column = compare.path().get(compare.path().size() - 1);
        if (at.schema().field(column).isEmpty()) {
            return null;
        }
        path.add(column);
        return new Condition.Compare(path, compare.op(), compare.value(), compare.negated());
    }

    /**
     * Creates one record; answers its primary key value. Unknown fields are ignored, as TreeQL does, and so are
     * fields {@code include}/{@code exclude} leave out.
     */
    public Uni<JsonNode> create(String app, String ds, String table, ObjectNode body, TreeQlRequest request) {
        return resolver.resolve(app, ds, table).chain(h -> {
            TableSchema schema = h.descriptor().schema();
            return records.create(app, ds, table, TreeQlValues.decode(schema, writable(body, request, table, schema)))
                    .map(stored -> key(schema, Json.parse(stored.get(0))));
        });
    }

    /** Creates several records in one all-or-nothing write; answers their keys in order. */
    public Uni<JsonNode> createAll(String app, String ds, String table, List<ObjectNode> bodies, TreeQlRequest request) {
        return resolver.resolve(app, ds, table).chain(h -> {
            TableSchema schema = h.descriptor().schema();
            ArrayNode batch = JsonNodeFactory.instance.arrayNode();
            bodies.forEach(body -> batch.add(TreeQlValues.decode(schema, writable(body, request, table, schema))));
            List<ObjectNode> items = new ArrayList<>();
            batch.forEach(item -> items.add((ObjectNode) item));
            return OffEventLoop.when(schema.hasPatterns(), () -> refuseInvalid(h, table, items, false))
                    .chain(() -> records.create(app, ds, table, batch))
                    .onFailure(e -> e instanceof DatablyException && items.size() > 1)
                    .transform(e -> TreeQlCulprit.failed((DatablyException) e, items, table))
                    .map(stored -> {
                        ArrayNode keys = JsonNodeFactory.instance.arrayNode();
                        stored.forEach(record -> keys.add(key(schema, Json.parse(record))));
                        return (JsonNode) keys;
                    });
        });
    }

    /** Changes one record (the key in the body is ignored); answers the rows matched, 1. */
    public Uni<JsonNode> update(String app, String ds, String table, String id, ObjectNode body,
                                TreeQlRequest request) {
        return resolver.resolve(app, ds, table).chain(h -> {
            TableSchema schema = h.descriptor().schema();
            ObjectNode changes = writable(body, request, table, schema);
            schema.primaryKey().forEach(changes::remove);
            if (changes.isEmpty()) {
                return records.get(app, ds, table, id).map(found -> (JsonNode) JsonNodeFactory.instance.numberNode(0));
            }
            return records.update(app, ds, table, id, TreeQlValues.decode(schema, changes))
                    .map(stored -> (JsonNode) JsonNodeFactory.instance.numberNode(1));
        });
    }

    /**
     * Several changes, all or nothing as far as the service can tell beforehand: every item is validated and every
     * record must exist before the first is written (else 424 with one result per item). A store failure midway
     * (a unique or foreign-key violation) can still leave the earlier items written.
     */
    public Uni<JsonNode> updateAll(String app, String ds, String table, List<String> ids, List<ObjectNode> bodies,
                                   TreeQlRequest request) {
        return resolver.resolve(app, ds, table).chain(h -> {
            TableSchema schema = h.descriptor().schema();
            List<ObjectNode> changes = new ArrayList<>();
            for (ObjectNode body : bodies) {
                ObjectNode item = writable(body, request, table, schema);
                schema.primaryKey().forEach(item::remove);
                changes.add(TreeQlValues.decode(schema, item));
            }
            return requireAll(h, app, ds, table, ids, changes).chain(originals -> {
                List<Uni<JsonNode>> steps = new ArrayList<>();
                List<Uni<?>> undo = new ArrayList<>();
                for (int i = 0; i < ids.size(); i++) {
                    String id = ids.get(i);
                    ObjectNode item = changes.get(i);
                    String original = originals.get(i);
                    steps.add(Uni.createFrom().deferred(() -> item.isEmpty()
                            ? Uni.createFrom().item((JsonNode) JsonNodeFactory.instance.numberNode(0))
                            : records.update(app, ds, table, id, item).map(x -> {
                                undo.add(Uni.createFrom().deferred(() -> records.replace(app, ds, table, id,
                                        Json.parse(original))));
                                return (JsonNode) JsonNodeFactory.instance.numberNode(1);
                            })));
                }
                return undoable(steps, undo, table, ids, "update");
            });
        });
    }

    /** Several deletes: every record must exist before the first is deleted (else 424); undone on a failure. */
    public Uni<JsonNode> deleteAll(String app, String ds, String table, List<String> ids) {
        return resolver.resolve(app, ds, table).chain(h -> requireAll(h, app, ds, table, ids, null).chain(originals -> {
            List<Uni<JsonNode>> steps = new ArrayList<>();
            List<Uni<?>> undo = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                String original = originals.get(i);
                steps.add(Uni.createFrom().deferred(() -> delete(app, ds, table, id).invoke(() -> undo.add(
                        Uni.createFrom().deferred(() -> records.create(app, ds, table, Json.parse(original)))))));
            }
            return undoable(steps, undo, table, ids, "delete");
        }));
    }

    /**
     * Runs the steps in order; when one fails, the steps already done are undone (newest first) and the answer is
     * 424 with the failed item's error, so a multi-record write leaves nothing behind, on every store.
     */
    private static Uni<JsonNode> undoable(List<Uni<JsonNode>> steps, List<Uni<?>> undo, String table, List<String> ids,
                                          String operation) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < steps.size(); i++) {
            Uni<JsonNode> step = steps.get(i);
            String id = ids.get(i);
            chain = chain.chain(() -> step.map(out::add).replaceWithVoid()
                    .onFailure(DatablyException.class).transform(e -> failedAt((DatablyException) e, out.size(),
                            ids.size(), table, id, operation)));
        }
        return chain.replaceWith((JsonNode) out).onFailure(TreeQlItemsFailed.class).call(() -> {
            Uni<Void> back = Uni.createFrom().voidItem();
            for (int i = undo.size() - 1; i >= 0; i--) {
                Uni<?> step = undo.get(i);
                back = back.chain(() -> step.replaceWithVoid());
            }
            return back;
        });
    }

    private static TreeQlItemsFailed failedAt(DatablyException e, int index, int count, String table, String id,
                                              String operation) {
        ArrayNode results = JsonNodeFactory.instance.arrayNode();
        TreeQlError error = TreeQlError.of(e, table, id, operation);
        for (int i = 0; i < count; i++) {
            results.add(i == index ? error.json() : success());
        }
        return new TreeQlItemsFailed(results);
    }

    /** Several reads, in the order asked; 1003 for the first missing. */
    public Uni<JsonNode> readAll(String app, String ds, String table, List<String> ids, TreeQlRequest request) {
        List<Uni<JsonNode>> steps = new ArrayList<>();
        ids.forEach(id -> steps.add(Uni.createFrom().deferred(() -> read(app, ds, table, id, request))));
        return sequence(steps);
    }

    /** Several increments, one body per id, in order. */
    public Uni<JsonNode> incrementAll(String app, String ds, String table, List<String> ids, List<ObjectNode> bodies) {
        List<Uni<JsonNode>> steps = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            ObjectNode body = bodies.get(i);
            steps.add(Uni.createFrom().deferred(() -> increment(app, ds, table, id, body)));
        }
        return sequence(steps);
    }

    /**
     * PATCH: adds the body's numbers to the record's numeric fields (TreeQL's increments); answers 1. A read, then
     * a write: concurrent increments of one record can lose one another.
     */
    public Uni<JsonNode> increment(String app, String ds, String table, String id, ObjectNode body) {
        return resolver.resolve(app, ds, table).chain(h -> records.get(app, ds, table, id).chain(json -> {
            TableSchema schema = h.descriptor().schema();
            JsonNode current = Json.parse(json);
            ObjectNode changes = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> e : body.properties()) {
                var field = schema.field(e.getKey());
                if (field.isEmpty() || schema.primaryKey().contains(e.getKey())) {
                    continue;
                }
                BigDecimal by;
                try {
                    by = new BigDecimal(e.getValue().asText().strip());
                } catch (NumberFormatException bad) {
                    throw DatablyException.invalidField(e.getKey(), "type", "an increment must be a number");
                }
                JsonNode now = current.get(e.getKey());
                BigDecimal base = now == null || now.isNull() ? BigDecimal.ZERO
                        : now.decimalValue();
                changes.put(e.getKey(), base.add(by));
            }
            if (changes.isEmpty()) {
                return Uni.createFrom().item((JsonNode) JsonNodeFactory.instance.numberNode(0));
            }
            return records.update(app, ds, table, id, changes)
                    .map(x -> (JsonNode) JsonNodeFactory.instance.numberNode(1));
        }));
    }

    /**
     * Every id names a record and every item (when given) is valid, else 424 with a result per item; the records
     * as they are, to undo with.
     */
    private Uni<List<String>> requireAll(TableHandle h, String app, String ds, String table, List<String> ids,
                                         List<ObjectNode> items) {
        ArrayNode results = JsonNodeFactory.instance.arrayNode();
        List<String> originals = new ArrayList<>();
        boolean[] failed = {false};
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            ObjectNode item = items == null ? null : items.get(i);
            chain = chain.chain(() -> records.get(app, ds, table, id).map(found -> {
                originals.add(found);
                String problem = item == null ? null : problem(h, table, item, true);
                results.add(problem == null ? success() : failure(1013, problem));
                failed[0] |= problem != null;
                return found;
            }).onFailure(DatablyException.class).recoverWithItem(missing -> {
                results.add(failure(1003, "Record '" + id + "' not found"));
                failed[0] = true;
                return null;
            }).replaceWithVoid());
        }
        return chain.map(done -> {
            if (failed[0]) {
                throw new TreeQlItemsFailed(results);
            }
            return originals;
        });
    }

    /** Every item checked before the first is written: 424 naming each failed item; the items when all pass. */
    private List<ObjectNode> refuseInvalid(TableHandle h, String table, List<ObjectNode> items, boolean partial) {
        ArrayNode results = JsonNodeFactory.instance.arrayNode();
        boolean failed = false;
        for (ObjectNode item : items) {
            String problem = problem(h, table, item, partial);
            results.add(problem == null ? success() : failure(1013, problem));
            failed |= problem != null;
        }
        if (failed && items.size() > 1) {
            throw new TreeQlItemsFailed(results);
        }
        return items;
    }

    /** The schema's verdict on one item: null when valid. */
    private String problem(TableHandle h, String table, ObjectNode item, boolean partial) {
        var cast = schemas.casterOf(h.table()).cast(item, partial);
        return cast.violations().isEmpty() ? null : "Input validation failed for '" + table + "'";
    }

    private static ObjectNode success() {
        return JsonNodeFactory.instance.objectNode().put("code", 0).put("message", "Success");
    }

    private static ObjectNode failure(int code, String message) {
        return JsonNodeFactory.instance.objectNode().put("code", code).put("message", message);
    }

    private static Uni<JsonNode> sequence(List<Uni<JsonNode>> steps) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Uni<JsonNode> step : steps) {
            chain = chain.chain(() -> step.map(out::add).replaceWithVoid());
        }
        return chain.replaceWith(out);
    }

    public Uni<JsonNode> delete(String app, String ds, String table, String id) {
        // A table with soft delete marks the record, as the native API's DELETE does.
        return deletes.delete(app, ds, table, id, false).map(done -> (JsonNode) JsonNodeFactory.instance.numberNode(1));
    }

    /** The body's fields that the table has and {@code include}/{@code exclude} select. */
    private static ObjectNode writable(ObjectNode body, TreeQlRequest request, String table, TableSchema schema) {
        var selection = new TreeQlJoins.Selection(table, request.include(), request.exclude());
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            if (schema.field(e.getKey()).isPresent() && selection.writes(table, e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /**
     * The answer to a create: the new record's key; null for a table without a one-field key (the record is
     * written all the same, so the answer must not be an error).
     */
    private static JsonNode key(TableSchema schema, JsonNode record) {
        return schema.primaryKey().size() != 1 ? com.fasterxml.jackson.databind.node.NullNode.getInstance()
                : record.get(schema.primaryKey().get(0));
    }
}
