package io.datably.service.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.catalog.DataSource;
import io.datably.catalog.DataTable;
import io.datably.catalog.DataTableRepository;
import io.datably.error.DatablyException;
import io.datably.provider.spi.ExistingTable;
import io.datably.schema.validate.CanonicalJson;
import io.datably.service.CatalogLookup;
import io.datably.service.Clock;
import io.datably.service.Names;
import io.datably.service.ProviderRegistry;
import io.datably.service.SchemaCache;
import io.datably.service.evolution.SchemaOperations;
import io.datably.tenant.Tenant;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adoption: tables and views already in the tenant's PostgreSQL schema become DataTables of a flat_table datasource,
 * with schemas inferred from the catalog, without touching the tables. What cannot be adopted is listed with why.
 */
@ApplicationScoped
public class AdoptionService {
    private final CatalogLookup lookup;
    private final DataTableRepository tables;
    private final ProviderRegistry providers;
    private final SchemaOperations operations;

    public AdoptionService(CatalogLookup lookup, DataTableRepository tables, ProviderRegistry providers,
                           SchemaOperations operations) {
        this.lookup = lookup;
        this.tables = tables;
        this.providers = providers;
        this.operations = operations;
    }

    /** A table left out, and why. */
    public record Skipped(String name, String reason) {
    }

    public record Result(List<DataTableView> adopted, List<Skipped> skipped) {
    }

    /** Adopts every unregistered table and view, or only those named (an unknown name is a 400). */
    public Uni<Result> adopt(String appSlug, String dsSlug, List<String> only) {
        return Panache.withTransaction(() -> lookup.activeDatasource(appSlug, dsSlug).chain(ds -> {
            var provider = providers.of(ds.providerType);
            String namespace = new Tenant(ds.tenant).storageNamespace();
            return provider.existingTables(namespace).chain(found -> tables.list("tenant", ds.tenant)
                    .chain(registered -> register(ds, found, registered, only)));
        }));
    }

    private Uni<Result> register(DataSource ds, List<ExistingTable> found, List<DataTable> registered,
                                 List<String> only) {
        Map<String, String> nameOfPhysical = new HashMap<>();
        Set<String> namesInDs = new LinkedHashSet<>();
        for (DataTable t : registered) {
            nameOfPhysical.put(t.physicalTableName, t.name);
            if (t.datasource.id.equals(ds.id)) {
                namesInDs.add(t.name);
            }
        }
        if (only != null) {
            Set<String> known = new LinkedHashSet<>();
            found.forEach(t -> known.add(t.name()));
            List<String> unknown = only.stream().filter(n -> !known.contains(n)).toList();
            if (!unknown.isEmpty()) {
                throw DatablyException.invalidField("tables", "unknown", "no table or view " + unknown
                        + " in the tenant's schema");
            }
        }
        List<Skipped> skipped = new ArrayList<>();
        List<ExistingTable> chosen = new ArrayList<>();
        for (ExistingTable t : found) {
            if (only != null && !only.contains(t.name())) {
                continue;
            }
            if (nameOfPhysical.containsKey(t.name())) {
                if (only != null) {
                    skipped.add(new Skipped(t.name(), "already registered as datatable '"
                            + nameOfPhysical.get(t.name()) + "'"));
                }
                continue;
            }
            try {
                Names.requireTableName("name", t.name());
            } catch (DatablyException e) {
                skipped.add(new Skipped(t.name(), "its name is not a valid datatable name: " + e.getMessage()));
                continue;
            }
            if (namesInDs.contains(t.name())) {
                skipped.add(new Skipped(t.name(), "the datasource already has a datatable of that name"));
                continue;
            }
            chosen.add(t);
            nameOfPhysical.put(t.name(), t.name());
        }
        List<DataTable> created = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ExistingTable t : chosen) {
            ObjectNode schema = withResolvableReferences(t.schema(), nameOfPhysical);
            try {
                SchemaCache.parseClientSchema(schema);
            } catch (DatablyException e) {
                skipped.add(new Skipped(t.name(), "its inferred schema is not valid: " + e.getMessage()));
                continue;
            }
            chain = chain.chain(() -> tables.persist(row(ds, t.name(), schema))
                    .call(table -> operations.record(table, "adopt", null, table.jsonSchema, null))
                    .map(table -> {
                        created.add(table);
                        return table;
                    }).replaceWithVoid());
        }
        return chain.map(done -> new Result(created.stream().map(DataTableView::of).toList(), skipped));
    }

    /** References to tables that are not (and will not be) DataTables are dropped; the others name the DataTable. */
    private static ObjectNode withResolvableReferences(ObjectNode schema, Map<String, String> nameOfPhysical) {
        ObjectNode copy = schema.deepCopy();
        JsonNode fks = copy.get("foreignKeys");
        if (fks == null) {
            return copy;
        }
        var kept = copy.putArray("foreignKeys");
        for (JsonNode fk : fks) {
            String target = nameOfPhysical.get(fk.path("reference").path("resource").asText());
            if (target != null) {
                ObjectNode resolved = fk.deepCopy();
                ((ObjectNode) resolved.get("reference")).put("resource", target);
                kept.add(resolved);
            }
        }
        if (kept.isEmpty()) {
            copy.remove("foreignKeys");
        }
        return copy;
    }

    private static DataTable row(DataSource ds, String name, ObjectNode schema) {
        DataTable table = new DataTable();
        table.tenant = ds.tenant;
        table.datasource = ds;
        table.name = name;
        table.description = "adopted";
        table.jsonSchema = CanonicalJson.write(schema);
        table.schemaHash = CanonicalJson.sha256Hex(schema);
        table.physicalTableName = name;
        table.materialized = true;
        table.createdAt = Clock.now();
        table.updatedAt = table.createdAt;
        return table;
    }
}
