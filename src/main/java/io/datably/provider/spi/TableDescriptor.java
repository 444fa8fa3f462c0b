package io.datably.provider.spi;

import io.datably.schema.model.TableSchema;
import java.util.Map;

/**
 * A DataTable as a provider sees it: its physical place, its validated schema, the physical places of the
 * tables its foreign keys reference (keyed by {@code reference.resource}, the referenced DataTable's name), and, when
 * its writes are audited, who writes ({@link Audit.Stamp}; null: no audit entries).
 */
public record TableDescriptor(String tableName, PhysicalTable physical, TableSchema schema,
                              Map<String, PhysicalTable> references, Audit.Stamp audit) {
    public TableDescriptor {
        references = Map.copyOf(references);
    }

    /** A descriptor whose writes are not audited (materializing, migrations, tests of the store alone). */
    public TableDescriptor(String tableName, PhysicalTable physical, TableSchema schema,
                           Map<String, PhysicalTable> references) {
        this(tableName, physical, schema, references, null);
    }

    /** The same table, its writes audited under {@code stamp} (null: not audited). */
    public TableDescriptor audited(Audit.Stamp stamp) {
        return new TableDescriptor(tableName, physical, schema, references, stamp);
    }
}
