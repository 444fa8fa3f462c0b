package io.datably.service.records;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.authz.Authorizer;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.query.model.Condition;
import io.datably.query.model.Expand;
import io.datably.query.model.RowFilter;
import io.datably.query.plan.QueryPlanner;
import io.datably.query.plan.ReachedTables;
import io.datably.query.plan.RowFilters;
import io.datably.schema.model.SoftDelete;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the caller may do with a table's records, as record use cases need it: the row filters of a query (the
 * table's own for the action, and {@code read} on every related table it reaches, each under its own policy), and
 * the check of records about to be written.
 */
@ApplicationScoped
public class RecordAccess {
    private final Authorizer authorizer;

    public RecordAccess(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    public boolean enabled() {
        return authorizer.enabled();
    }

    /** The row filter of {@code action} on the records of one table. */
    public Uni<RowFilter> filter(String app, String ds, String table, String action) {
        return !authorizer.enabled() ? Uni.createFrom().item(RowFilter.ALL)
                : authorizer.rowFilter(authorizer.scope(app, ds, table), action);
    }

    /**
     * The row filters of a query for {@code action} on the table {@code target} whose filter {@code where} and
     * expansions {@code expand} reach other tables ({@link ReachedTables}, looked for only when policies are in force).
     */
    public Uni<RowFilters> filters(String app, String ds, QueryPlanner.Target target, String action, Condition where,
                                   List<Expand> expand) {
        if (!authorizer.enabled()) {
            return Uni.createFrom().item(RowFilters.UNRESTRICTED);
        }
        String table = target.name();
        Set<String> related = ReachedTables.of(where, expand, target);
        List<String> names = new ArrayList<>();
        List<Uni<RowFilter>> decisions = new ArrayList<>();
        names.add(table);
        decisions.add(filter(app, ds, table, action));
        for (String other : related) {
            if (!other.equals(table)) {
                names.add(other);
                decisions.add(filter(app, ds, other, "read"));
            }
        }
        // A relation of the table to itself (a manager among employees) is under the table's filter for the action.
        Uni<List<RowFilter>> all = Uni.join().all(decisions).andFailFast();
        return all.map(filters -> {
            Map<String, RowFilter> byTable = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                byTable.put(names.get(i), filters.get(i));
            }
            return RowFilters.of(byTable);
        });
    }

    /** The action that lets a caller see soft-deleted records ({@code ?deleted=include|only}). */
    public static final String READ_DELETED = "read_deleted";

    /**
     * The row filters of a query as {@link #filters}, seeing the soft-deleted records of {@code target} as
     * {@code deleted} asks: beyond {@code LIVE}, the caller must be allowed {@value #READ_DELETED} on the table (else
     * 403), and a conditional {@value #READ_DELETED} narrows the table's filter further.
     */
    public Uni<RowFilters> filters(String app, String ds, QueryPlanner.Target target, String action, Condition where,
                                   List<Expand> expand, SoftDelete.Visibility deleted) {
        Uni<RowFilters> filters = filters(app, ds, target, action, where, expand);
        if (deleted == SoftDelete.Visibility.LIVE || !authorizer.enabled()) {
            return filters;
        }
        return filters.chain(all -> deletedFilter(app, ds, target.name())
                .map(seen -> all.with(target.name(), both(all.of(target.name()), seen))));
    }

    /** The row filter of reading records of one table, seeing soft-deleted ones as {@code deleted} asks. */
    public Uni<RowFilter> readFilter(String app, String ds, String table, SoftDelete.Visibility deleted) {
        Uni<RowFilter> read = filter(app, ds, table, "read");
        if (deleted == SoftDelete.Visibility.LIVE || !authorizer.enabled()) {
            return read;
        }
        return read.chain(filter -> deletedFilter(app, ds, table).map(seen -> both(filter, seen)));
    }

    private Uni<RowFilter> deletedFilter(String app, String ds, String table) {
        return filter(app, ds, table, READ_DELETED).map(filter -> {
            if (filter instanceof RowFilter.None) {
                throw new DatablyException(ErrorCode.FORBIDDEN, "Seeing the deleted records of datatable '" + table
                        + "' (deleted=) is not allowed: the policies do not grant " + READ_DELETED);
            }
            return filter;
        });
    }

    private static RowFilter both(RowFilter a, RowFilter b) {
        if (a instanceof RowFilter.All) {
            return b;
        }
        if (b instanceof RowFilter.All) {
            return a;
        }
        if (a instanceof RowFilter.Only x && b instanceof RowFilter.Only y) {
            return new RowFilter.Only(new Condition.And(List.of(x.condition(), y.condition())));
        }
        return RowFilter.NONE;
    }

    /** The action that lets a caller read a table's audit trail and its records' histories. */
    public static final String AUDIT = "audit";

    /**
     * Reading the audit trail of a table is allowed without condition, or 403: entries keep records as they were,
     * so a permission limited to some records cannot be applied to them.
     */
    public Uni<Void> requireAudit(String app, String ds, String table) {
        return filter(app, ds, table, AUDIT).map(filter -> {
            if (!(filter instanceof RowFilter.All)) {
                throw new DatablyException(ErrorCode.FORBIDDEN, "Reading the audit trail of datatable '" + table
                        + "' is not allowed: the policies do not grant " + AUDIT + " on all its records");
            }
            return null;
        });
    }

    /** Changing a record is allowed on it as stored and as changed, or 403. */
    public Uni<Void> requireChange(String app, String ds, String table, ObjectNode stored, ObjectNode changed) {
        return authorizer.requireOnChange(authorizer.scope(app, ds, table), stored, changed);
    }

    /** Writing these records (as they would be stored) is allowed, or 403 naming the first refused. */
    public Uni<Void> require(String app, String ds, String table, String action, List<ObjectNode> records) {
        return authorizer.requireOnRecords(authorizer.scope(app, ds, table), action, records);
    }
}
