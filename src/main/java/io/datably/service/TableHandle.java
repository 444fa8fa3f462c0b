package io.datably.service;

import io.datably.catalog.DataTable;
import io.datably.provider.spi.DataProvider;
import io.datably.provider.spi.TableDescriptor;
import java.util.Map;

/**
 * A resolved datatable, ready for record operations: its catalog row, its provider, what the provider needs,
 * and the tables its foreign keys point to (by DataTable name), for reference checks the store does not make.
 */
public record TableHandle(DataTable table, DataProvider provider, TableDescriptor descriptor,
                          Map<String, TableDescriptor> referenced) {
}
