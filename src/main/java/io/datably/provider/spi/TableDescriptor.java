package io.datably.provider.spi;

import io.datably.schema.model.TableSchema;
import java.util.Map;

/**
 * A DataTable as a provider sees it: its physical place, its validated schema, and the physical places of the
 * tables its foreign keys reference (keyed by {@code reference.resource}, the referenced DataTable's name).
 */
public record TableDescriptor(String tableName, PhysicalTable physical, TableSchema schema,
                              Map<String, PhysicalTable> references) {
    public TableDescriptor {
        references = Map.copyOf(references);
    }
}
