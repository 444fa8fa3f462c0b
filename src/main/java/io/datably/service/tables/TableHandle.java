package io.datably.service.tables;

import io.datably.catalog.DataTable;
import io.datably.provider.spi.DataProvider;
import io.datably.provider.spi.TableDescriptor;
import io.datably.query.plan.QueryPlanner;

/**
 * A resolved datatable, ready for record operations: its catalog row, its provider, what the provider needs,
 * and the other active tables of its datasource (for reference checks the store does not make, and relations).
 */
public record TableHandle(DataTable table, DataProvider provider, TableDescriptor descriptor,
                          DataSourceTables siblings) {

    /** The same table served by {@code other} (the provider bound to a batch's transaction). */
    public TableHandle with(DataProvider other) {
        return new TableHandle(table, other, descriptor, siblings);
    }

    /** The table as a planning target, relations included. */
    public QueryPlanner.Target target() {
        return siblings.target(table.name, table.datasource.providerType, provider.capabilities());
    }
}
