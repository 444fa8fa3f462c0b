package io.datably.service.dataops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.config.BulkConfig;
import io.datably.config.DatablyConfig;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.provider.spi.BulkWrite;
import io.datably.query.model.RecordQuery;
import io.datably.query.model.RowFilter;
import io.datably.query.parse.NativeQueryParser;
import io.datably.query.plan.BoundCondition;
import io.datably.query.plan.BoundQuery;
import io.datably.query.plan.QueryPlanner;
import io.datably.schema.model.SoftDelete;
import io.datably.security.CallerContext;
import io.datably.service.Clock;
import io.datably.service.OffEventLoop;
import io.datably.service.SchemaChanges;
import io.datably.service.records.DeleteRestrict;
import io.datably.service.records.RecordAccess;
import io.datably.service.records.RecordBodies;
import io.datably.service.records.ReferenceChecker;
import io.datably.service.tables.TableHandle;
import io.datably.service.tables.TableResolver;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bulk changes by filter: {@code PATCH records/?<filters>} and {@code DELETE records/?<filters>}. The filter is a
 * list's (same parser, same planner), narrowed to the records the caller may both read and change, as single writes
 * are; values are cast like a single PATCH's, references checked where the store does not, and the change is written
 * by the provider in one statement (PostgreSQL) or bulk write (MongoDB), only when at most
 * {@code datably.bulk.max-records} records match. When the caller's row filter reads a changed field, every changed
 * record must still meet it afterwards, or nothing is written (403): nobody moves records out of their own reach.
 */
@ApplicationScoped
public class BulkChanges {
    static final String DRY_RUN = "dry_run";
    static final String PURGE = "purge";
    /** List parameters that mean nothing for a change of every matching record. */
    private static final List<String> NOT_FOR_CHANGES = List.of("page", "page_size", "cursor", "count", "ordering",
            "fields", "expand");

    private final TableResolver resolver;
    private final RecordBodies bodies;
    private final ReferenceChecker references;
    private final RecordAccess access;
    private final BulkConfig bulk;
    private final QueryPlanner planner;
    private final CallerContext callers;

    public BulkChanges(TableResolver resolver, RecordBodies bodies, ReferenceChecker references, RecordAccess access,
                       BulkConfig bulk, DatablyConfig config, CallerContext callers) {
        this.resolver = resolver;
        this.callers = callers;
        this.bodies = bodies;
        this.references = references;
        this.access = access;
        this.bulk = bulk;
        this.planner = new QueryPlanner(config.paging().defaultPageSize(), config.paging().maxPageSize(), null);
    }

    /** Sets the fields of {@code body} (a partial record) on every record the filters match. */
    public Uni<BulkWrite.Count> update(String app, String ds, String table, Map<String, List<String>> params,
                                       JsonNode body) {
        return change(app, ds, table, params, body, "update");
    }

    /** Deletes every record the filters match. */
    public Uni<BulkWrite.Count> delete(String app, String ds, String table, Map<String, List<String>> params) {
        return change(app, ds, table, params, null, "delete");
    }

    private Uni<BulkWrite.Count> change(String app, String ds, String table, Map<String, List<String>> params,
                                        JsonNode body, String action) {
        boolean dryRun = flag(params, DRY_RUN);
        boolean purge = action.equals("delete") && flag(params, PURGE);
        RecordQuery query = matchQuery(params, action.equals("delete"));
        // The subject is read on the request's own thread, before anything runs elsewhere.
        String subject = callers.caller().id();
        return SchemaChanges.retryOnce(WritableTables.resolve(resolver, app, ds, table).chain(h -> {
            // A soft-delete table's DELETE marks the matched records (as a delete by key does), unless purging.
            BulkWrite.Mark mark = action.equals("delete") && h.descriptor().schema().softDelete() && !purge
                    ? new BulkWrite.Mark(subject, Clock.now().toInstant()) : null;
            Uni<ObjectNode> cast = action.equals("delete") ? Uni.createFrom().nullItem()
                    : OffEventLoop.when(h.descriptor().schema().hasPatterns(), () -> changes(h, body));
            return cast.chain(changes -> access.filters(app, ds, h.target(), action, query.where(), List.of())
                    .chain(filters -> access.filter(app, ds, table, "read").chain(read -> {
                        RowFilter own = filters.of(h.target().name());
                        if (own instanceof RowFilter.None || read instanceof RowFilter.None) {
                            throw WritableTables.forbidden(action, table);
                        }
                        BoundQuery bound = planner.plan(query, h.target(), filters, purge
                                ? SoftDelete.Visibility.INCLUDE : SoftDelete.Visibility.LIVE);
                        BoundCondition readable = planner.restriction(h.target(), read);
                        BoundQuery match = readable == null ? bound : new BoundQuery(
                                BoundCondition.both(bound.where(), readable),
                                bound.search(), bound.ordering(), 0, bound.limit(), bound.count(), bound.fields());
                        BoundCondition keep = changes == null ? null
                                : keepIfRead(planner.restriction(h.target(), own), changes);
                        BulkWrite.Change change = new BulkWrite.Change(match, changes, bulk.maxRecords(), dryRun, keep,
                                mark);
                        Uni<Void> checked = changes == null || dryRun ? Uni.createFrom().voidItem()
                                : references.check(h, List.of(changes));
                        // A delete is refused whole when records elsewhere still reference one it would remove.
                        return checked.chain(() -> action.equals("delete") ? DeleteRestrict.deleteWhere(h, change)
                                        : h.provider().changeWhere(h.descriptor(), change))
                                .map(count -> answer(count, change, action, table));
                    })));
        }));
    }

    /** The counts, or why nothing was written. */
    private static BulkWrite.Count answer(BulkWrite.Count count, BulkWrite.Change change, String action, String table) {
        if (count.applied() || change.dryRun()) {
            return count;
        }
        if (count.escaped() > 0) {
            throw new DatablyException(ErrorCode.FORBIDDEN, "The change would move " + count.escaped()
                    + " record(s) out of the records your policies let you update; nothing was changed");
        }
        if (count.matched() > change.maxRecords()) {
            throw new DatablyException(ErrorCode.CONFLICT, "The filter matches " + count.matched() + " records of '"
                    + table + "'; a bulk " + action + " changes at most " + change.maxRecords()
                    + " (datably.bulk.max-records): narrow the filter and repeat", List.of(new ProblemItem("filter",
                    "too_many_records", "matches " + count.matched() + " records, more than " + change.maxRecords())));
        }
        return count;
    }

    /** {@code dry_run} or {@code purge}: true or false (absent: false), taken out of the filters. */
    private static boolean flag(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return false;
        }
        if (values.size() > 1 || !(values.get(0).equals("true") || values.get(0).equals("false"))) {
            throw DatablyException.invalidParameter(name, "must be given once, as true or false");
        }
        return values.get(0).equals("true");
    }

    /** The filters and search of the request, as a list reads them; at least one is required. */
    private static RecordQuery matchQuery(Map<String, List<String>> params, boolean delete) {
        Map<String, List<String>> filters = new LinkedHashMap<>(params);
        filters.remove(DRY_RUN);
        if (delete) {
            filters.remove(PURGE);
        }
        for (String name : NOT_FOR_CHANGES) {
            if (filters.containsKey(name)) {
                throw DatablyException.invalidParameter(name, "means nothing for a bulk change, which changes every "
                        + "matching record; give filters (field__op=value, or=(…), search=…) only");
            }
        }
        RecordQuery query = NativeQueryParser.parse(filters);
        if (query.where() == null && query.search() == null) {
            throw DatablyException.invalidParameter("filter", "a bulk change needs at least one filter "
                    + "(field=value, field__op=value, or=(…), search=…): without one it would change every record");
        }
        return query;
    }

    /** The partial record cast as a single PATCH casts it; a key field cannot be changed. */
    private ObjectNode changes(TableHandle h, JsonNode body) {
        if (body != null && body.isObject() && body.isEmpty()) {
            throw new DatablyException(ErrorCode.MALFORMED_BODY, "The request body names no field to change");
        }
        List<ProblemItem> keys = new ArrayList<>();
        for (String pk : h.descriptor().schema().primaryKey()) {
            if (body != null && body.has(pk)) {
                keys.add(new ProblemItem(pk, "immutable", "primary key fields cannot be changed"));
            }
        }
        if (!keys.isEmpty()) {
            throw RecordBodies.invalid(keys);
        }
        return bodies.record(h, body, true);
    }

    /**
     * The caller's row filter as a condition the changed records must still meet, when the change sets a field it
     * reads; null when the change cannot move a record out of it.
     */
    private static BoundCondition keepIfRead(BoundCondition own, ObjectNode changes) {
        if (own == null) {
            return null;
        }
        Set<String> read = new HashSet<>();
        boolean related = fieldsOf(own, read);
        return related || changes.properties().stream().anyMatch(e -> read.contains(e.getKey())) ? own : null;
    }

    /** Collects the fields a condition reads; true when it also reads other tables (then it is always checked). */
    private static boolean fieldsOf(BoundCondition condition, Set<String> into) {
        if (condition instanceof BoundCondition.Compare compare) {
            into.add(compare.field().name());
            return false;
        }
        if (condition instanceof BoundCondition.And and) {
            return and.items().stream().map(c -> fieldsOf(c, into)).reduce(false, Boolean::logicalOr);
        }
        if (condition instanceof BoundCondition.Or or) {
            return or.items().stream().map(c -> fieldsOf(c, into)).reduce(false, Boolean::logicalOr);
        }
        if (condition instanceof BoundCondition.Not not) {
            return fieldsOf(not.item(), into);
        }
        return true;
    }
}
