package io.datably.service.dataops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.config.DatablyConfig;
import io.datably.error.DatablyException;
import io.datably.error.ProblemItem;
import io.datably.provider.spi.BulkWrite;
import io.datably.query.model.Condition;
import io.datably.query.model.CountMode;
import io.datably.query.model.Op;
import io.datably.query.model.Pagination;
import io.datably.query.model.RecordQuery;
import io.datably.query.plan.QueryPlanner;
import io.datably.schema.model.Field;
import io.datably.schema.model.SoftDelete;
import io.datably.schema.model.TableSchema;
import io.datably.service.Json;
import io.datably.service.OffEventLoop;
import io.datably.service.SchemaChanges;
import io.datably.service.records.RecordAccess;
import io.datably.service.records.RecordBodies;
import io.datably.service.records.ReferenceChecker;
import io.datably.service.tables.TableHandle;
import io.datably.service.tables.TableResolver;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Upserts: {@code POST records/?on_conflict=<fields>} with a record or an array of them. Each record is validated
 * like a create; one that holds the same values of the conflict fields (the primary key, or a unique field or key)
 * as a stored record replaces that record's values (its primary key stays), else it is created. With policies in
 * force, each record is first looked up: an update must pass the update check on the record as stored and as
 * changed, a create the create check.
 */
@ApplicationScoped
public class Upserts {
    public static final String ON_CONFLICT = "on_conflict";

    /** The stored records in input order, each with whether it was created. */
    public record Result(List<BulkWrite.Upserted> records, boolean array) {
    }

    private final TableResolver resolver;
    private final RecordBodies bodies;
    private final ReferenceChecker references;
    private final RecordAccess access;
    private final QueryPlanner planner;

    public Upserts(TableResolver resolver, RecordBodies bodies, ReferenceChecker references, RecordAccess access,
                   DatablyConfig config) {
        this.resolver = resolver;
        this.bodies = bodies;
        this.references = references;
        this.access = access;
        this.planner = new QueryPlanner(config.paging().defaultPageSize(), config.paging().maxPageSize(), null);
    }

    /** @param onConflict the values of {@code on_conflict} in the request (given once, possibly empty) */
    public Uni<Result> upsert(String app, String ds, String table, List<String> onConflict, JsonNode body) {
        boolean array = body != null && body.isArray();
        return SchemaChanges.retryOnce(WritableTables.resolve(resolver, app, ds, table)
                .chain(h -> upsert(h, app, ds, onConflict, body)));
    }

    /** The upsert of {@code body} into the resolved table {@code h} (a batch's operation too). */
    public Uni<Result> upsert(TableHandle h, String app, String ds, List<String> onConflict, JsonNode body) {
        boolean array = body != null && body.isArray();
        return Uni.createFrom().deferred(() -> {
            WritableTables.require(h);
            List<String> conflict = conflictFields(h.descriptor().schema(), onConflict);
            return OffEventLoop.when(h.descriptor().schema().hasPatterns(), () -> castAll(h, body, conflict))
                    .chain(records -> authorized(h, app, ds, records, conflict)
                            // Targets confirmed after the write too: a delete of one racing with it is refused.
                            .chain(() -> references.checkedWrite(h, records,
                                    on -> on.provider().upsert(on.descriptor(), records, conflict))))
                    .map(stored -> new Result(stored, array));
        }).onFailure(DatablyException.class).transform(e -> array ? e : unindexed((DatablyException) e));
    }

    /**
     * The fields of {@code on_conflict}: empty means the primary key; named ones must be the primary key, a unique
     * field, or a unique key (in any order).
     */
    static List<String> conflictFields(TableSchema schema, List<String> onConflict) {
        if (onConflict.size() > 1) {
            throw DatablyException.invalidParameter(ON_CONFLICT, "given " + onConflict.size() + " times; give it once, "
                    + "fields separated by ','");
        }
        String given = onConflict.isEmpty() || onConflict.get(0) == null ? "" : onConflict.get(0).strip();
        if (given.isEmpty()) {
            if (schema.primaryKey().isEmpty()) {
                throw DatablyException.invalidParameter(ON_CONFLICT, "this table has no primaryKey: name a unique "
                        + "field or unique key");
            }
            return schema.primaryKey();
        }
        List<String> fields = new ArrayList<>();
        for (String name : given.split(",", -1)) {
            String field = name.strip();
            if (schema.field(field).isEmpty()) {
                throw DatablyException.invalidParameter(ON_CONFLICT, "no field '" + DatablyException.abbreviate(field)
                        + "' in the schema");
            }
            if (fields.contains(field)) {
                throw DatablyException.invalidParameter(ON_CONFLICT, "names '" + field + "' twice");
            }
            fields.add(field);
        }
        Set<String> set = Set.copyOf(fields);
        boolean unique = set.equals(Set.copyOf(schema.primaryKey()))
                || (fields.size() == 1 && schema.field(fields.get(0)).orElseThrow().constraints().unique())
                || schema.uniqueKeys().stream().anyMatch(key -> Set.copyOf(key).equals(set));
        if (!unique) {
            throw DatablyException.invalidParameter(ON_CONFLICT, fields + " is neither the primaryKey, a unique field "
                    + "nor a unique key of the table");
        }
        // The primary key in its own order (stores address records by it); others as declared.
        return set.equals(Set.copyOf(schema.primaryKey())) ? schema.primaryKey() : List.copyOf(fields);
    }

    /** Records cast like a create's; each must give every conflict field, and no two the same values of them. */
    private List<ObjectNode> castAll(TableHandle h, JsonNode body, List<String> conflict) {
        List<ObjectNode> records = bodies.records(h, body);
        List<ProblemItem> problems = new ArrayList<>();
        Map<List<JsonNode>, Integer> seen = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            String prefix = body.isArray() ? "[" + i + "]." : "";
            List<JsonNode> values = new ArrayList<>();
            for (String field : conflict) {
                JsonNode value = records.get(i).get(field);
                if (value == null || value.isNull()) {
                    problems.add(new ProblemItem(prefix + field, "required", "is required by on_conflict"));
                }
                values.add(value);
            }
            Integer before = seen.putIfAbsent(values, i);
            if (before != null && values.stream().allMatch(v -> v != null && !v.isNull())) {
                problems.add(new ProblemItem(prefix + conflict.get(0), "unique", "repeats the " + conflict
                        + " of record [" + before + "] in the same request"));
            }
        }
        if (!problems.isEmpty()) {
            throw RecordBodies.invalid(problems);
        }
        return records;
    }

    /** With policies in force: each record's update check (when it is stored) or create check (when it is not). */
    private Uni<Void> authorized(TableHandle h, String app, String ds, List<ObjectNode> records,
                                 List<String> conflict) {
        if (!access.enabled()) {
            return Uni.createFrom().voidItem();
        }
        String table = h.table().name;
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ObjectNode record : records) {
            chain = chain.chain(() -> stored(h, record, conflict).chain(stored -> stored == null
                    ? access.require(app, ds, table, "create", List.of(record))
                    : access.requireChange(app, ds, table, stored, stored.deepCopy().setAll(record))));
        }
        return chain;
    }

    /** The stored record with the conflict values of {@code record}, or null. */
    private Uni<ObjectNode> stored(TableHandle h, ObjectNode record, List<String> conflict) {
        List<Condition> equal = new ArrayList<>();
        for (String field : conflict) {
            equal.add(new Condition.Compare(List.of(field), Op.EQ, record.get(field), false));
        }
        RecordQuery query = new RecordQuery(equal.size() == 1 ? equal.get(0) : new Condition.And(equal), null,
                List.of(), new Pagination(null, 1L, null, null, null), null, List.of(), CountMode.NONE);
        // A soft-deleted holder counts: the upsert restores it with the new values, an update of the stored record.
        return h.provider().query(h.descriptor(), planner.plan(query, h.target(),
                io.datably.query.plan.RowFilters.UNRESTRICTED, SoftDelete.Visibility.INCLUDE)).map(page -> {
            JsonNode results = Json.parse(page.resultsJson());
            if (results.isEmpty()) {
                return null;
            }
            // The record as its policies see it: the marker a deleted holder is read with is not one of its fields.
            ObjectNode stored = (ObjectNode) results.get(0);
            stored.remove(SoftDelete.RESERVED);
            return stored;
        });
    }

    /** A single record's problems as a create names them: {@code [0].price} is {@code price}. */
    private static DatablyException unindexed(DatablyException e) {
        if (e.errors().stream().noneMatch(p -> p.field().startsWith("[0]"))) {
            return e;
        }
        return new DatablyException(e.code(), e.getMessage().replace("[0].", ""), e.errors().stream()
                .map(p -> new ProblemItem(p.field().startsWith("[0].") ? p.field().substring(4) : p.field(),
                        p.code(), p.message())).toList(), e.extensions());
    }
}
