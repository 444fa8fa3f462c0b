package io.datably.service.records;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.authz.Authorizer;
import io.datably.query.model.Condition;
import io.datably.query.model.Expand;
import io.datably.query.model.RowFilter;
import io.datably.query.plan.QueryPlanner;
import io.datably.query.plan.ReachedTables;
import io.datably.query.plan.RowFilters;
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

    /** Changing a record is allowed on it as stored and as changed, or 403. */
    public Uni<Void> requireChange(String app, String ds, String table, ObjectNode stored, ObjectNode changed) {
        return authorizer.requireOnChange(authorizer.scope(app, ds, table), stored, changed);
    }

    /** Writing these records (as they would be stored) is allowed, or 403 naming the first refused. */
    public Uni<Void> require(String app, String ds, String table, String action, List<ObjectNode> records) {
        return authorizer.requireOnRecords(authorizer.scope(app, ds, table), action, records);
    }
}
