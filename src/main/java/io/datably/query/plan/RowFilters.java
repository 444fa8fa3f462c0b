package io.datably.query.plan;

import io.datably.query.model.RowFilter;
import java.util.Map;

/**
 * The row filter of each table a query reaches (the queried table, the tables its relation filters cross and those it
 * expands), decided before planning. A table reached without a decision gets none of its records: a query can only
 * ever see less than its policies allow, never more.
 */
public final class RowFilters {
    /** No authorization in force: every table's records. */
    public static final RowFilters UNRESTRICTED = new RowFilters(null);

    /** By table name; null when unrestricted. */
    private final Map<String, RowFilter> byTable;

    private RowFilters(Map<String, RowFilter> byTable) {
        this.byTable = byTable;
    }

    public static RowFilters of(Map<String, RowFilter> byTable) {
        return new RowFilters(Map.copyOf(byTable));
    }

    /** The filter of the table of that name. */
    public RowFilter of(String table) {
        if (byTable == null) {
            return RowFilter.ALL;
        }
        RowFilter filter = table == null ? null : byTable.get(table);
        return filter == null ? RowFilter.NONE : filter;
    }

    /** These filters with the table {@code table}'s replaced by {@code filter} (no-op when unrestricted). */
    public RowFilters with(String table, RowFilter filter) {
        if (byTable == null) {
            return this;
        }
        Map<String, RowFilter> changed = new java.util.HashMap<>(byTable);
        changed.put(table, filter);
        return of(changed);
    }

    public boolean unrestricted() {
        return byTable == null;
    }
}
