package io.datably.service.tables;

import io.datably.catalog.DataSource;
import io.datably.catalog.DataTable;
import io.datably.catalog.DataTableRepository;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.observe.RequestTags;
import io.datably.provider.spi.Audit;
import io.datably.provider.spi.TableDescriptor;
import io.datably.schema.model.Field;
import io.datably.schema.model.ForeignKey;
import io.datably.schema.model.TableSchema;
import io.datably.service.CatalogLookup;
import io.datably.security.CallerContext;
import io.datably.service.ProviderRegistry;
import io.datably.service.RequestId;
import io.datably.service.SchemaCache;
import io.datably.tenant.TenantContext;
import io.quarkus.arc.Arc;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves datatables for record work (catalog row → provider → descriptor) and checks foreign-key references
 * between tables of one datasource.
 */
@ApplicationScoped
public class TableResolver {
    private final CatalogLookup lookup;
    private final DataTableRepository tables;
    private final ActiveTablesCache activeTables;
    private final ProviderRegistry providers;
    private final SchemaCache schemas;
    private final TenantContext tenant;
    private final CallerContext callers;
    private final RequestId requestId;
    /** The audit stores known to exist ({@code provider:namespace}). */
    private final Set<String> auditStores = ConcurrentHashMap.newKeySet();

    public TableResolver(CatalogLookup lookup, DataTableRepository tables, ActiveTablesCache activeTables,
                         ProviderRegistry providers, SchemaCache schemas, TenantContext tenant,
                         CallerContext callers, RequestId requestId) {
        this.activeTables = activeTables;
        this.lookup = lookup;
        this.callers = callers;
        this.requestId = requestId;
        this.tables = tables;
        this.providers = providers;
        this.schemas = schemas;
        this.tenant = tenant;
    }

    /** An active, materialized table with everything record operations need; 404/409 otherwise. */
    public Uni<TableHandle> resolve(String appSlug, String dsSlug, String name) {
        Writer writer = writer(); // read on the request's own thread, before anything runs elsewhere
        return activeTables(appSlug, dsSlug)
                .map(active -> handle(new DataSourceTables(active, schemas), appSlug, dsSlug, name, writer))
                .chain(this::withAuditStore);
    }

    /**
     * The tables of one datasource, loaded in one catalog query, each resolved on demand as {@link #resolve} would
     * (404 for a name that is no active table of it, 409 when not materialized): what a batch across them needs.
     */
    public Uni<java.util.function.Function<String, TableHandle>> resolveAll(String appSlug, String dsSlug) {
        Writer writer = writer(); // read on the request's own thread, before anything runs elsewhere
        return activeTables(appSlug, dsSlug).chain(active -> {
            DataSourceTables siblings = new DataSourceTables(active, schemas);
            Map<String, TableHandle> handles = new HashMap<>();
            java.util.function.Function<String, TableHandle> resolved = name -> handles.computeIfAbsent(name,
                    n -> handle(siblings, appSlug, dsSlug, n, writer));
            // The datasource's tables share one store: ready its audit trail once, through any of them.
            Optional<DataTable> any = active.stream().filter(t -> t.materialized).findFirst();
            return any.isEmpty() ? Uni.createFrom().item(resolved)
                    : withAuditStore(resolved.apply(any.get().name)).replaceWith(resolved);
        });
    }

    /** A table of a datasource's, its writes audited as {@code writer}'s unless its schema opts out. */
    private TableHandle handle(DataSourceTables siblings, String appSlug, String dsSlug, String name, Writer writer) {
        DataTable table = siblings.row(name).orElseThrow(() -> DatablyException.notFound("Datatable",
                appSlug + "/" + dsSlug + "/" + name));
        if (!table.materialized) {
            throw DatablyException.conflict("Datatable '" + name + "' is not materialized; "
                    + "POST .../datatables/" + name + "/materialize/ first");
        }
        TableDescriptor descriptor = siblings.descriptor(name);
        RequestTags.provider(table.datasource.providerType); // the request's metrics are tagged with it
        boolean audited = descriptor.schema().audited() && !descriptor.schema().readOnly();
        return new TableHandle(table, providers.of(table.datasource.providerType),
                audited ? descriptor.audited(new Audit.Stamp(table.id, table.name, writer.actor(),
                        writer.requestId())) : descriptor, siblings);
    }

    /**
     * The handle once its namespace has an audit store (made once per store and instance; idempotent anyway), also
     * for tables not audited: their trail is read from it, and they may turn auditing on.
     */
    private Uni<TableHandle> withAuditStore(TableHandle h) {
        String store = h.provider().providerType() + ":" + h.descriptor().physical().namespace();
        if (auditStores.contains(store)) {
            return Uni.createFrom().item(h);
        }
        return h.provider().prepareAudit(h.descriptor().physical().namespace())
                .invoke(() -> auditStores.add(store)).replaceWith(h);
    }

    /** Who writes through the handles resolved for this request (nobody known outside a request). */
    private record Writer(String actor, String requestId) {
    }

    private Writer writer() {
        if (!Arc.container().requestContext().isActive()) {
            return new Writer(null, null);
        }
        try {
            return new Writer(callers.caller().id(), requestId.value());
        } catch (IllegalStateException noCaller) {
            return new Writer(null, requestId.value());
        }
    }

    /** The active tables of an active datasource (404 naming what is missing). */
    public Uni<List<DataTable>> activeTables(String appSlug, String dsSlug) {
        String tenantId = tenant.tenant().id(); // read on the request's own thread
        // One catalog query when the kept copy is stale (a version read when it is current); only when it finds
        // nothing do we ask which part is missing (404s).
        return activeTables.activeOf(tenantId, appSlug, dsSlug,
                        () -> Panache.withSession(() -> tables.activeOf(tenantId, appSlug, dsSlug)))
                .chain(found -> found.isEmpty()
                        ? Panache.withSession(() -> lookup.activeDatasource(appSlug, dsSlug)).replaceWith(found)
                        : Uni.createFrom().item(found));
    }

    /** What a provider needs to materialize or serve a table. */
    public Uni<TableDescriptor> descriptorOf(DataTable table) {
        return Panache.withSession(() -> tables.activeOf(table.datasource).map(active -> {
            Map<String, DataTable> siblings = new HashMap<>();
            active.forEach(t -> siblings.put(t.name, t));
            return DataSourceTables.descriptorOf(table, siblings, schemas);
        }));
    }

    /** The descriptor {@code table} gets with {@code schema}: where a migration takes it. */
    public Uni<TableDescriptor> descriptorOf(DataTable table, TableSchema schema) {
        return Panache.withSession(() -> tables.activeOf(table.datasource).map(active -> {
            Map<String, DataTable> siblings = new HashMap<>();
            active.forEach(t -> siblings.put(t.name, t));
            return DataSourceTables.descriptorOf(table, schema, siblings);
        }));
    }

    /**
     * Checks each foreign key of {@code schema}: the referenced table exists in the same datasource (materialized
     * when this one will be), the referenced fields exist with the same types, and they are its primary key or a
     * unique key (what PostgreSQL requires, and what makes a reference identify one record).
     */
    public Uni<Void> checkReferences(DataSource ds, String tableName, TableSchema schema, boolean materialize) {
        List<ForeignKey> fks = schema.foreignKeys();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < fks.size(); i++) {
            ForeignKey fk = fks.get(i);
            String path = "json_schema.foreignKeys[" + i + "]";
            if (fk.selfReference() || tableName.equals(fk.resource())) {
                checkTarget(path, fk, schema, schema, tableName);
                continue;
            }
            chain = chain.chain(() -> tables.findByName(ds, fk.resource()).map(target -> {
                if (target == null || !target.active) {
                    throw invalidReference(path + ".reference.resource", "unknown_table",
                            "no active datatable '" + fk.resource() + "' in datasource '" + ds.slug + "'");
                }
                if (materialize && !target.materialized) {
                    throw invalidReference(path + ".reference.resource", "not_materialized",
                            "datatable '" + fk.resource() + "' is not materialized");
                }
                checkTarget(path, fk, schema, schemas.of(target), fk.resource());
                return target;
            }).replaceWithVoid());
        }
        return chain;
    }

    private static void checkTarget(String path, ForeignKey fk, TableSchema local, TableSchema target, String name) {
        for (int j = 0; j < fk.fields().size(); j++) {
            String refName = fk.referenceFields().get(j);
            Optional<Field> ref = target.field(refName);
            if (ref.isEmpty()) {
                throw invalidReference(path + ".reference.fields[" + j + "]", "unknown_field",
                        "datatable '" + name + "' has no field '" + refName + "'");
            }
            Field own = local.field(fk.fields().get(j)).orElseThrow();
            if (own.type() != ref.get().type()) {
                throw invalidReference(path + ".fields[" + j + "]", "type_mismatch", "field '" + own.name()
                        + "' is " + own.type().jsonName() + " but '" + name + "." + refName + "' is "
                        + ref.get().type().jsonName());
            }
        }
        if (!identifiesOneRecord(target, fk.referenceFields())) {
            throw invalidReference(path + ".reference.fields", "not_unique", "fields " + fk.referenceFields()
                    + " of '" + name + "' are neither its primaryKey nor a unique key");
        }
    }

    private static boolean identifiesOneRecord(TableSchema target, List<String> fields) {
        var wanted = new HashSet<>(fields);
        if (wanted.equals(new HashSet<>(target.primaryKey()))) {
            return true;
        }
        if (fields.size() == 1 && target.field(fields.get(0)).map(f -> f.constraints().unique()).orElse(false)) {
            return true;
        }
        return target.uniqueKeys().stream().anyMatch(k -> wanted.equals(new HashSet<>(k)));
    }

    private static DatablyException invalidReference(String path, String code, String message) {
        return new DatablyException(ErrorCode.INVALID_SCHEMA, path + ": " + message,
                List.of(new ProblemItem(path, code, message)));
    }
}
