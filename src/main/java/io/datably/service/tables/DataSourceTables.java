package io.datably.service.tables;

import io.datably.catalog.DataTable;
import io.datably.provider.spi.Capabilities;
import io.datably.provider.spi.PhysicalTable;
import io.datably.provider.spi.Relation;
import io.datably.provider.spi.TableDescriptor;
import io.datably.query.plan.QueryPlanner;
import io.datably.query.plan.RelatedTables;
import io.datably.schema.model.ForeignKey;
import io.datably.schema.model.TableSchema;
import io.datably.service.SchemaCache;
import io.datably.tenant.Tenant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The active tables of one datasource, loaded together (one catalog query): what a table's foreign keys point to,
 * its relations to the others, and each as a planning target, so filter paths and expansions can cross tables.
 */
public final class DataSourceTables {
    private final Map<String, DataTable> rows;
    private final SchemaCache schemas;
    private final Map<String, TableDescriptor> descriptors = new HashMap<>();
    private final Map<String, Map<String, Relation>> relations = new HashMap<>();

    DataSourceTables(List<DataTable> tables, SchemaCache schemas) {
        this.rows = new LinkedHashMap<>();
        tables.forEach(t -> rows.put(t.name, t));
        this.schemas = schemas;
    }

    Optional<DataTable> row(String name) {
        return Optional.ofNullable(rows.get(name));
    }

    /** The names of the datasource's active tables, in catalog order. */
    public List<String> names() {
        return List.copyOf(rows.keySet());
    }

    /** What a provider needs to serve the table of that name (null when there is no such active table). */
    public TableDescriptor descriptor(String name) {
        DataTable table = rows.get(name);
        if (table == null) {
            return null;
        }
        return descriptors.computeIfAbsent(name, n -> descriptorOf(table, rows, schemas));
    }

    /** A table's descriptor, with the physical places of the active tables its foreign keys reference. */
    static TableDescriptor descriptorOf(DataTable table, Map<String, DataTable> siblings, SchemaCache schemas) {
        return descriptorOf(table, schemas.of(table), siblings);
    }

    /** The descriptor of {@code table} with another schema (a migration's target). */
    static TableDescriptor descriptorOf(DataTable table, TableSchema schema, Map<String, DataTable> siblings) {
        Map<String, PhysicalTable> references = new HashMap<>();
        for (ForeignKey fk : schema.foreignKeys()) {
            DataTable target = fk.selfReference() ? null : siblings.get(fk.resource());
            if (target != null) {
                references.put(target.name, physical(target));
            }
        }
        return new TableDescriptor(table.name, physical(table), schema, references);
    }

    private static PhysicalTable physical(DataTable table) {
        return new PhysicalTable(new Tenant(table.tenant).storageNamespace(), table.physicalTableName);
    }

    /** The relations of a table, by name ({@link RelationNames}). */
    public Map<String, Relation> relationsOf(String name) {
        return relations.computeIfAbsent(name, n -> {
            Map<String, TableSchema> all = new HashMap<>();
            rows.forEach((tableName, row) -> all.put(tableName, schemas.of(row)));
            return RelationNames.of(n, all);
        });
    }

    /** The table of that name as a query planning target whose relations lead to the other tables. */
    public QueryPlanner.Target target(String name, String providerType, Capabilities capabilities) {
        DataTable row = rows.get(name);
        RelatedTables related = new RelatedTables() {
            @Override
            public Optional<Hop> follow(String relation) {
                return Optional.ofNullable(relationsOf(name).get(relation)).map(r -> new Hop(r,
                        descriptor(r.target()), target(r.target(), providerType, capabilities)));
            }

            @Override
            public List<String> names() {
                return new ArrayList<>(relationsOf(name).keySet());
            }
        };
        return new QueryPlanner.Target(name, providerType, schemas.of(row), schemas.casterOf(row), capabilities,
                related);
    }
}
