package io.datably.service.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.datably.config.DatablyConfig;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.observe.Spans;
import io.datably.provider.spi.RecordKey;
import io.datably.provider.spi.RecordPage;
import io.datably.query.model.RecordQuery;
import io.datably.query.model.RowFilter;
import io.datably.query.plan.BoundQuery;
import io.datably.query.plan.CursorCodec;
import io.datably.query.plan.QueryPlanner;
import io.datably.schema.model.Field;
import io.datably.schema.model.SoftDelete;
import io.datably.schema.model.TableSchema;
import io.datably.schema.validate.RecordCaster;
import io.datably.service.Json;
import io.datably.service.OffEventLoop;
import io.datably.service.Paging;
import io.datably.service.SchemaCache;
import io.datably.service.SchemaChanges;
import io.datably.service.tables.TableHandle;
import io.datably.service.tables.TableResolver;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Record use cases of the native API: every record is validated and cast against the table's schema here, so
 * providers only ever see canonical values.
 */
@ApplicationScoped
public class RecordService {
    // Spans (README "Traces"): the planner, and each statement a provider runs for a record use case.
    private static final String PLAN = "datably.plan";
    private static final String QUERY = "datably.provider.query";
    private static final String FIND = "datably.provider.find";
    private static final String INSERT = "datably.provider.insert";
    private static final String AGGREGATE = "datably.provider.aggregate";
    private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("datably.provider");
    private static final AttributeKey<String> TABLE = AttributeKey.stringKey("datably.table");
    private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");

    private final TableResolver resolver;
    private final SchemaCache schemas;
    private final ReferenceChecker references;
    private final DatablyConfig config;
    private final QueryPlanner planner;
    private final RecordAccess access;
    private final RecordBodies bodies;
    private final io.datably.query.plan.AggregatePlanner aggregates = new io.datably.query.plan.AggregatePlanner();
    private final Spans spans;

    public RecordService(TableResolver resolver, SchemaCache schemas, ReferenceChecker references,
                         DatablyConfig config, RecordAccess access, RecordBodies bodies, Spans spans) {
        this.resolver = resolver;
        this.spans = spans;
        this.bodies = bodies;
        this.schemas = schemas;
        this.references = references;
        this.config = config;
        this.access = access;
        byte[] secret = config.cursorSecret().map(k -> k.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .orElseGet(() -> {
                    byte[] random = new byte[32];
                    new java.security.SecureRandom().nextBytes(random);
                    return random;
                });
        this.planner = new QueryPlanner(config.paging().defaultPageSize(), config.paging().maxPageSize(),
                new CursorCodec(secret));
    }

    /**
     * A list: the parsed query is bound to the table's schema and the provider's capabilities, within the caller's
     * row filters (this table's and those of the tables it reaches), then run.
     */
    public Uni<RecordList> query(String app, String ds, String table, RecordQuery query) {
        return query(app, ds, table, query, SoftDelete.Visibility.LIVE);
    }

    /** A list seeing the table's soft-deleted records as {@code deleted} asks (callers allowed to, else 403). */
    public Uni<RecordList> query(String app, String ds, String table, RecordQuery query,
                                 SoftDelete.Visibility deleted) {
        return SchemaChanges.retryOnce(resolver.resolve(app, ds, table).chain(h -> access.filters(app, ds,
                h.target(), "read", query.where(), query.expand(), deleted).chain(filters -> {
                    BoundQuery bound = spans.call(PLAN, () -> tableAttributes(h),
                            () -> planner.plan(query, h.target(), filters, deleted));
                    return spans.around(QUERY, () -> tableAttributes(h),
                            () -> h.provider().query(h.descriptor(), bound)).map(page -> listOf(query, bound, page));
                })));
    }

    /**
     * The page with what lies beyond it. A next page exists by the count when there is one, else when this page came
     * back full. A numbered page past the last of a counted list is a 404 naming the last page, as in DRF (without an
     * exact count the last page is unknown: an empty page says the list ended).
     */
    private RecordList listOf(RecordQuery query, BoundQuery bound, RecordPage page) {
        String cursor = nextCursor(bound, page);
        if (bound.cursor() != null) {
            return new RecordList(page, 0, bound.limit(), cursor != null, cursor);
        }
        long count = page.count();
        boolean more = count >= 0 ? bound.offset() + bound.limit() < count
                : (page.size() >= 0 ? page.size() : Json.arraySize(page.resultsJson())) >= bound.limit();
        Long number = query.pagination() == null ? null : query.pagination().page();
        if (number != null && number > 1 && bound.count() == io.datably.query.model.CountMode.EXACT
                && "[]".equals(page.resultsJson())) {
            throw Paging.beyondLast(number, count, bound.limit());
        }
        return new RecordList(page, bound.offset(), bound.limit(), more, null);
    }

    /** In keyset pagination, the cursor of the next page when this one is full (read from its last record). */
    private String nextCursor(BoundQuery bound, RecordPage page) {
        if (bound.cursor() == null) {
            return null;
        }
        JsonNode results = Json.parse(page.resultsJson());
        return results.size() < bound.limit() ? null : planner.nextCursor(bound, results.get(results.size() - 1));
    }

    /** Grouped aggregates: planned like a list (same filter binding), run by the provider; the rows' JSON array. */
    public Uni<String> aggregate(String app, String ds, String table, io.datably.query.model.AggregateQuery query) {
        return SchemaChanges.retryOnce(resolver.resolve(app, ds, table).chain(h -> access.filters(app, ds,
                h.target(), "aggregate", query.where(), List.of())
                .chain(filters -> {
                    var bound = spans.call(PLAN, () -> tableAttributes(h),
                            () -> aggregates.plan(query, h.target(), filters));
                    return spans.around(AGGREGATE, () -> tableAttributes(h),
                            () -> h.provider().aggregate(h.descriptor(), bound));
                })));
    }

    /**
     * What a span says of a table: its provider, its name and the store behind it, never a value or a filter (spans
     * leave the service; the table's name is the only tenant data they carry).
     */
    private static Attributes tableAttributes(TableHandle h) {
        String type = h.table().datasource.providerType;
        return Attributes.of(PROVIDER, type, TABLE, h.table().name, DB_SYSTEM,
                "mongodb".equals(type) ? "mongodb" : "postgresql");
    }

    /** A table whose records may be written: not an adopted view. */
    private Uni<TableHandle> writable(String app, String ds, String table) {
        return resolver.resolve(app, ds, table).map(RecordService::writable);
    }

    /** {@code h}, when its records may be written (not an adopted view); else 405. */
    public static TableHandle writable(TableHandle h) {
        if (h.descriptor().schema().readOnly()) {
            throw new DatablyException(ErrorCode.METHOD_NOT_ALLOWED, "Datatable '" + h.table().name
                    + "' is read-only (an adopted view): its records cannot be written");
        }
        return h;
    }

    public Uni<String> get(String app, String ds, String table, String rawKey) {
        return get(app, ds, table, rawKey, SoftDelete.Visibility.LIVE);
    }

    private Uni<String> get(String app, String ds, String table, String rawKey, SoftDelete.Visibility deleted) {
        return SchemaChanges.retryOnce(resolver.resolve(app, ds, table).chain(h -> visible(h, app, ds,
                parseKey(h, rawKey), rawKey, deleted, true)));
    }

    /**
     * A read by key with a list's {@code fields} and {@code expand} ({@code read} holds nothing else), planned as a
     * list is: the same errors, this table's row filter, and each expanded table's. Without either, the plain read.
     */
    public Uni<String> get(String app, String ds, String table, String rawKey, RecordQuery read) {
        return get(app, ds, table, rawKey, read, SoftDelete.Visibility.LIVE);
    }

    /**
     * The same, a soft-deleted record read as {@code deleted} asks (else it is not found). Asking for deleted records
     * takes the planned road too: its records carry the soft-delete marker (when, and by whom).
     */
    public Uni<String> get(String app, String ds, String table, String rawKey, RecordQuery read,
                           SoftDelete.Visibility deleted) {
        if (read.fields() == null && read.expand().isEmpty() && deleted == SoftDelete.Visibility.LIVE) {
            return get(app, ds, table, rawKey, deleted);
        }
        return SchemaChanges.retryOnce(resolver.resolve(app, ds, table).chain(h -> {
            RecordKey key = parseKey(h, rawKey);
            return access.filters(app, ds, h.target(), "read", null, read.expand(), deleted).chain(filters -> {
                BoundQuery bound = spans.call(PLAN, () -> tableAttributes(h),
                        () -> planner.plan(read, h.target(), filters, deleted));
                return spans.around(FIND, () -> tableAttributes(h), () -> h.provider().find(h.descriptor(), key,
                        bound));
            }).map(found -> found.orElseThrow(() -> missing(h.table().name, rawKey)));
        }));
    }

    /**
     * The record of that key if the caller may read it, else 404: a record outside the caller's row filter is not
     * said to exist. With a conditional filter, the key and the filter are one statement.
     */
    private Uni<String> visible(TableHandle h, String app, String ds, RecordKey key, String rawKey) {
        return visible(h, app, ds, key, rawKey, SoftDelete.Visibility.LIVE, true);
    }

    /**
     * The same, a soft-deleted record seen as {@code deleted} asks (a plain read sees live records only): for reads
     * ({@code reading}: seeing deleted records needs {@code read_deleted}) and for the checks of soft delete's own
     * writes (the read filter only).
     */
    public Uni<String> visible(TableHandle h, String app, String ds, RecordKey key, String rawKey,
                               SoftDelete.Visibility deleted, boolean reading) {
        String table = h.table().name;
        return access.readFilter(app, ds, table, reading ? deleted : SoftDelete.Visibility.LIVE).chain(filter -> {
            if (filter instanceof RowFilter.None) {
                throw missing(table, rawKey);
            }
            io.datably.query.plan.BoundCondition where = io.datably.query.plan.BoundCondition.both(
                    planner.restriction(h.target(), filter),
                    QueryPlanner.visibility(h.descriptor().schema(), deleted));
            return spans.around(FIND, () -> tableAttributes(h), () -> where == null
                    ? h.provider().find(h.descriptor(), key) : h.provider().find(h.descriptor(), key, where))
                    .map(found -> found.orElseThrow(() -> missing(table, rawKey)));
        });
    }

    /** The stored record of that key as the caller may read it (404 otherwise), for checks of a change. */
    private Uni<ObjectNode> stored(TableHandle h, String app, String ds, RecordKey key, String rawKey) {
        return visible(h, app, ds, key, rawKey).map(json -> (ObjectNode) Json.parse(json));
    }


    /** Creates one record (an object) or many (an array, all or nothing); answers with what was stored. */
    public Uni<List<String>> create(String app, String ds, String table, JsonNode body) {
        return SchemaChanges.retryOnce(writable(app, ds, table).chain(h -> create(h, app, ds, body)));
    }

    /** The create of {@code body} into the resolved, writable table {@code h} (a batch's operation too). */
    public Uni<List<String>> create(TableHandle h, String app, String ds, JsonNode body) {
        return checked(h, () -> bodies.records(h, body)).chain(records -> access.require(app, ds,
                h.table().name, "create", records)
                .chain(() -> references.checkedWrite(h, records, on -> spans.around(INSERT,
                        () -> tableAttributes(on), () -> on.provider().insert(on.descriptor(), records)))))
                .onFailure(DatablyException.class).transform(e -> body != null && body.isArray() ? e
                        : unindexed((DatablyException) e))
                .onFailure(DatablyException.class).transform(e -> heldByDeleted(h, (DatablyException) e));
    }

    /**
     * On a soft-delete table a deleted record keeps its key and unique values, so a duplicate may be held by one: the
     * answer says how to free it.
     */
    private static DatablyException heldByDeleted(TableHandle h, DatablyException e) {
        if (e.code() != ErrorCode.DUPLICATE || !h.descriptor().schema().softDelete()) {
            return e;
        }
        return new DatablyException(e.code(), e.getMessage() + " (a soft-deleted record may hold the value: list "
                + "them with ?deleted=only, then restore it with POST records/{pk}/restore/ or purge it with DELETE "
                + "records/{pk}/?purge=true)", e.errors(), e.extensions());
    }

    /** A single record's values as the store named them in its batch of one: {@code [0].feel} is {@code feel}. */
    private static DatablyException unindexed(DatablyException e) {
        if (e.errors().stream().noneMatch(p -> p.field().startsWith("[0]."))) {
            return e;
        }
        return new DatablyException(e.code(), e.getMessage(), e.errors().stream().map(p -> new ProblemItem(
                p.field().startsWith("[0].") ? p.field().substring(4) : p.field(), p.code(), p.message())).toList(),
                e.extensions());
    }

    public Uni<String> replace(String app, String ds, String table, String rawKey, JsonNode body) {
        return SchemaChanges.retryOnce(writable(app, ds, table).chain(h -> replace(h, app, ds, rawKey, body)));
    }

    /** The replacement of record {@code rawKey} of the resolved, writable table {@code h} (a batch's too). */
    public Uni<String> replace(TableHandle h, String app, String ds, String rawKey, JsonNode body) {
        RecordKey key = parseKey(h, rawKey);
        return checked(h, () -> bodies.record(h, withKey(h, key, body), false)).chain(record -> allowedChange(h,
                app, ds, key, rawKey, stored -> record)
                .chain(() -> references.checkedWrite(h, List.of(record),
                        on -> on.provider().replace(on.descriptor(), key, record)))
                .map(found -> found.orElseThrow(() -> missing(h.table().name, rawKey))));
    }

    public Uni<String> update(String app, String ds, String table, String rawKey, JsonNode body) {
        return SchemaChanges.retryOnce(writable(app, ds, table).chain(h -> update(h, app, ds, rawKey, body)));
    }

    /** The partial change of record {@code rawKey} of the resolved, writable table {@code h} (a batch's too). */
    public Uni<String> update(TableHandle h, String app, String ds, String rawKey, JsonNode body) {
        RecordKey key = parseKey(h, rawKey);
        return checked(h, () -> bodies.record(h, body, true)).chain(changes -> allowedChange(h, app, ds, key,
                rawKey, stored -> stored.deepCopy().setAll(changes))
                .chain(() -> change(h, h.table().name, rawKey, key, changes)));
    }

    /**
     * A change of a record the caller may read (else 404), allowed by the policies both on the record as stored and
     * as it would be after the change (else 403): nobody moves a record out of their own reach.
     */
    private Uni<Void> allowedChange(TableHandle h, String app, String ds, RecordKey key, String rawKey,
                                    java.util.function.UnaryOperator<ObjectNode> after) {
        if (!access.enabled()) {
            return Uni.createFrom().voidItem();
        }
        return stored(h, app, ds, key, rawKey).chain(stored -> access.requireChange(app, ds, h.table().name, stored,
                after.apply(stored)));
    }

    /** A change checked against the schema: the key stays, only what changes is written. */
    private Uni<String> change(TableHandle h, String table, String rawKey, RecordKey key, ObjectNode changes) {
        TableSchema schema = h.descriptor().schema();
        for (int i = 0; i < schema.primaryKey().size(); i++) {
            String pk = schema.primaryKey().get(i);
            if (changes.has(pk)) {
                if (!changes.get(pk).equals(key.values().get(i))) {
                    throw new DatablyException(ErrorCode.RECORD_INVALID, "The primary key cannot be changed",
                            List.of(new ProblemItem(pk, "immutable", "primary key fields cannot be changed")));
                }
                changes.remove(pk);
            }
        }
        if (changes.isEmpty()) {
            io.datably.query.plan.BoundCondition live = QueryPlanner.visibility(schema, SoftDelete.Visibility.LIVE);
            return spans.around(FIND, () -> tableAttributes(h), () -> live == null
                    ? h.provider().find(h.descriptor(), key) : h.provider().find(h.descriptor(), key, live))
                    .map(found -> found.orElseThrow(() -> missing(table, rawKey)));
        }
        return references.checkedWrite(h, List.of(changes), on -> on.provider().update(on.descriptor(), key, changes))
                .map(found -> found.orElseThrow(() -> missing(table, rawKey)));
    }

    /** Records checked against the schema, off the event loop when that runs users' regular expressions. */
    private static <T> Uni<T> checked(TableHandle h, Supplier<T> check) {
        return OffEventLoop.when(h.descriptor().schema().hasPatterns(), check);
    }

    public Uni<Void> delete(String app, String ds, String table, String rawKey) {
        return SchemaChanges.retryOnce(writable(app, ds, table).chain(h -> delete(h, app, ds, rawKey))
                .replaceWithVoid());
    }

    /** The delete (for good) of record {@code rawKey} of the resolved, writable table {@code h}. */
    public Uni<Void> delete(TableHandle h, String app, String ds, String rawKey) {
        RecordKey key = parseKey(h, rawKey);
        Uni<Void> allowed = !access.enabled() ? Uni.createFrom().voidItem() : stored(h, app, ds, key, rawKey)
                .chain(stored -> access.require(app, ds, h.table().name, "delete", List.of(stored)));
        return allowed.chain(() -> deleteRestricted(h, key)).map(deleted -> {
            if (!deleted) {
                throw missing(h.table().name, rawKey);
            }
            return null;
        });
    }

    /**
     * Deletes record {@code key} for good, unless a record of the datasource references it (409 DS111 naming the
     * referencing table and field, on every provider: {@link DeleteRestrict}); false when there is no such record.
     */
    public Uni<Boolean> deleteRestricted(TableHandle h, RecordKey key) {
        return DeleteRestrict.delete(h, key);
    }

    /** A PUT body may leave out the key (the URL names it); if it names one, it must be the same. */
    private JsonNode withKey(TableHandle h, RecordKey key, JsonNode body) {
        if (body == null || !body.isObject()) {
            return body;
        }
        ObjectNode copy = ((ObjectNode) body).deepCopy();
        List<String> pk = h.descriptor().schema().primaryKey();
        RecordCaster caster = schemas.casterOf(h.table());
        for (int i = 0; i < pk.size(); i++) {
            String name = pk.get(i);
            JsonNode given = copy.get(name);
            if (given == null || given.isNull()) {
                copy.set(name, key.values().get(i));
                continue;
            }
            Field field = h.descriptor().schema().field(name).orElseThrow();
            JsonNode cast;
            try {
                cast = caster.castValue(field, given);
            } catch (IllegalArgumentException e) {
                continue; // the full cast reports it with the field's rule
            }
            if (!cast.equals(key.values().get(i))) {
                throw new DatablyException(ErrorCode.RECORD_INVALID, "The body's primary key differs from the URL's",
                        List.of(new ProblemItem(name, "immutable", "must equal the key in the URL or be left out")));
            }
        }
        return copy;
    }

    /** The key of a record named by the URL's {@code pk} segment, cast to the key fields' types (else 400). */
    public RecordKey parseKey(TableHandle h, String rawKey) {
        TableSchema schema = h.descriptor().schema();
        List<String> pk = schema.primaryKey();
        if (pk.isEmpty()) {
            throw new DatablyException(ErrorCode.INVALID_PARAMETER, "Datatable '" + h.table().name
                    + "' has no primaryKey, so its records cannot be addressed one by one");
        }
        String[] parts = pk.size() == 1 ? new String[] {rawKey} : rawKey.split(",", -1);
        if (parts.length != pk.size()) {
            throw DatablyException.invalidParameter("pk", "the key of '" + h.table().name + "' has " + pk.size()
                    + " parts " + pk + " separated by ','; got " + parts.length);
        }
        RecordCaster caster = schemas.casterOf(h.table());
        List<JsonNode> values = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            Field field = schema.field(pk.get(i)).orElseThrow();
            JsonNode value;
            try {
                value = caster.castValue(field, TextNode.valueOf(parts[i]));
            } catch (IllegalArgumentException e) {
                throw DatablyException.invalidParameter("pk", "'" + DatablyException.abbreviate(parts[i])
                        + "' is not a valid " + field.type().jsonName() + " for key field '" + field.name() + "'");
            }
            if (value == null || value.isNull()) {
                throw DatablyException.invalidParameter("pk", "key field '" + field.name() + "' is empty");
            }
            values.add(value);
        }
        // A key the store cannot hold (beyond a bigint column, a NUL character) names no record: say why.
        ObjectNode keyDoc = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < pk.size(); i++) {
            keyDoc.set(pk.get(i), values.get(i));
        }
        List<ProblemItem> storage = h.provider().recordProblems(schema, keyDoc);
        if (!storage.isEmpty()) {
            throw DatablyException.invalidParameter("pk", "key field '" + storage.get(0).field() + "' "
                    + storage.get(0).message());
        }
        return new RecordKey(values);
    }


    public static DatablyException missing(String table, String key) {
        return DatablyException.notFound("Record", table + "/" + DatablyException.abbreviate(key));
    }
}
