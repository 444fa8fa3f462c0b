package io.datably.service.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.catalog.DataSource;
import io.datably.catalog.DataTable;
import io.datably.catalog.DataTableRepository;
import io.datably.catalog.SchemaOperation;
import io.datably.error.DatablyException;
import io.datably.error.UniqueViolation;
import io.datably.provider.spi.DataProvider;
import io.datably.provider.spi.MigrationPlan;
import io.datably.schema.evolution.SchemaDiff;
import io.datably.schema.model.TableSchema;
import io.datably.schema.validate.CanonicalJson;
import io.datably.service.Bodies;
import io.datably.service.CatalogLookup;
import io.datably.service.Clock;
import io.datably.service.Json;
import io.datably.service.Names;
import io.datably.service.PageSlice;
import io.datably.service.Paging;
import io.datably.service.ProviderRegistry;
import io.datably.service.SchemaCache;
import io.datably.service.evolution.MigrationOptions;
import io.datably.service.evolution.MigrationPreview;
import io.datably.service.evolution.SchemaMigrations;
import io.datably.service.evolution.SchemaOperationView;
import io.datably.service.evolution.SchemaOperations;
import io.datably.service.evolution.TableRenames;
import io.datably.service.tables.TableResolver;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Use cases of datatables: create (validate, register, materialize), list, read, change, soft delete, materialize.
 * A create that cannot be materialized leaves nothing behind: the catalog row is removed again.
 */
@ApplicationScoped
public class DataTableService {
    private final CatalogLookup lookup;
    private final DataTableRepository tables;
    private final ProviderRegistry providers;
    private final TableResolver resolver;
    private final SchemaOperations operations;
    private final SchemaMigrations migrations;
    private final TableRenames renames;

    public DataTableService(CatalogLookup lookup, DataTableRepository tables, ProviderRegistry providers,
                            TableResolver resolver, SchemaOperations operations, SchemaMigrations migrations,
                            TableRenames renames) {
        this.migrations = migrations;
        this.renames = renames;
        this.lookup = lookup;
        this.tables = tables;
        this.providers = providers;
        this.resolver = resolver;
        this.operations = operations;
    }

    public Uni<DataTableView> create(String appSlug, String dsSlug, DataTableInput input) {
        Bodies.required(input);
        String name = Names.requireTableName("name", input.name());
        TableSchema schema = SchemaCache.parseClientSchema(input.jsonSchema());
        boolean materialize = input.materialize() == null || input.materialize();
        String description = Names.description("description", input.description());
        return Panache.withTransaction(() -> lookup.activeDatasource(appSlug, dsSlug).chain(ds -> {
            DataProvider provider = providers.of(ds.providerType);
            provider.checkAvailable();
            provider.requireStorable(schema);
            return tables.findByName(ds, name).chain(existing -> {
                if (existing != null) {
                    throw nameTaken(name, dsSlug, existing.active ? "" : " (inactive)");
                }
                return resolver.checkReferences(ds, name, schema, materialize);
            }).chain(() -> uniquePhysicalName(ds, Names.physicalBase(ds.app.slug, name), 1)).chain(physical -> {
                DataTable table = new DataTable();
                table.tenant = ds.tenant;
                table.datasource = ds;
                table.name = name;
                table.description = description;
                table.jsonSchema = CanonicalJson.write(input.jsonSchema());
                table.schemaHash = CanonicalJson.sha256Hex(input.jsonSchema());
                table.physicalTableName = physical;
                table.createdAt = Clock.now();
                table.updatedAt = table.createdAt;
                return tables.persist(table);
            }).call(table -> operations.record(table, "create", null, table.jsonSchema, null));
        })).onFailure(UniqueViolation::in).transform(failure -> nameTaken(name, dsSlug, ""))
                .chain(table -> materialize ? materializeNew(table) : Uni.createFrom().item(table))
                .map(DataTableView::of);
    }

    /** Also a concurrent create of the name (or of its physical name), which loses at commit (23505). */
    private static DatablyException nameTaken(String name, String dsSlug, String note) {
        return DatablyException.duplicate("name", "A datatable named '" + name + "' already exists in datasource '"
                + dsSlug + "'" + note);
    }

    @WithSession
    public Uni<PageSlice<DataTableView>> list(String appSlug, String dsSlug, Boolean materialized, Boolean active,
                                              Paging paging) {
        return lookup.datasource(appSlug, dsSlug).chain(ds -> page(tables.search(null, ds, materialized,
                active == null ? Boolean.TRUE : active), paging));
    }

    /** All tables of an app across its active datasources, optionally of one datasource. */
    @WithSession
    public Uni<PageSlice<DataTableView>> listOfApp(String appSlug, String dsSlug, Boolean materialized,
                                                   Paging paging) {
        if (dsSlug != null && !dsSlug.isBlank()) {
            return lookup.datasource(appSlug, dsSlug)
                    .chain(ds -> page(tables.search(null, ds, materialized, Boolean.TRUE), paging));
        }
        return lookup.app(appSlug)
                .chain(app -> page(tables.search(app, null, materialized, Boolean.TRUE), paging));
    }

    @WithSession
    public Uni<DataTableView> get(String appSlug, String dsSlug, String name) {
        return require(appSlug, dsSlug, name).map(DataTableView::of);
    }

    @WithSession
    public Uni<JsonNode> schema(String appSlug, String dsSlug, String name) {
        return require(appSlug, dsSlug, name).map(t -> Json.parse(t.jsonSchema));
    }

    /** What a change answers: the changed datatable, or what a schema change would do ({@code dry_run}). */
    public record Change(DataTableView table, MigrationPreview preview) {
    }

    /**
     * PUT ({@code partial=false}) or PATCH. The schema of an unmaterialized table is replaced freely; a new schema
     * of a materialized table is a migration ({@link SchemaMigrations}), after which the other attributes change. A
     * new {@code name} renames the datatable ({@link TableRenames}: logical, its physical table keeps its name); not
     * together with a schema change (400 naming {@code name}): each is a change of its own, with its own history.
     */
    public Uni<Change> update(String appSlug, String dsSlug, String name, DataTableInput input, boolean partial,
                              MigrationOptions options) {
        Bodies.required(input);
        String newName = input.name() == null || input.name().equals(name) ? null
                : Names.requireTableName("name", input.name());
        if (input.materialize() != null) {
            throw DatablyException.invalidField("materialize", "not_allowed",
                    "use POST .../materialize/ to materialize an existing table");
        }
        if (!partial && input.jsonSchema() == null) {
            throw DatablyException.invalidField("json_schema", "required", "is required when replacing a datatable");
        }
        // Its own references to renamed fields (datably:search) name them by their new names.
        JsonNode sent = input.jsonSchema() == null ? null : SchemaDiff.withRenamesCarried(input.jsonSchema());
        TableSchema schema = sent == null ? null : SchemaCache.parseClientSchema(sent);
        JsonNode stored = schema == null ? null : SchemaDiff.withoutRenames(sent);
        MigrationOptions migration = input.backfill() == null ? options
                : new MigrationOptions(options.dryRun(), options.allowDestructive(), input.backfill());
        return Panache.withSession(() -> require(appSlug, dsSlug, name)).chain(table -> {
            boolean schemaChanges = stored != null && !CanonicalJson.sha256Hex(stored).equals(table.schemaHash);
            if (newName != null) {
                if (schemaChanges && !sameAfterRename(stored, table, newName)) {
                    throw DatablyException.invalidField("name", "rename_with_schema_change", "a rename cannot be "
                            + "combined with a schema change: rename the datatable first, then change its schema "
                            + "under the new name (or the other way round)");
                }
                return renames.locked(table.id, () -> rename(appSlug, dsSlug, name, newName, input, partial,
                        options.dryRun()));
            }
            if (schemaChanges && table.materialized) {
                return migrations.migrate(table.id, () -> Panache.withSession(() -> require(appSlug, dsSlug, name)),
                        sent, "update", migration).chain(result -> result.preview() != null
                        ? Uni.createFrom().item(new Change(null, result.preview()))
                        : changeAttributes(appSlug, dsSlug, name, input, partial, null, null));
            }
            if (options.dryRun()) {
                return Uni.createFrom().item(new Change(null, new MigrationPreview(true, List.of(), null, null,
                        List.of(), 0, List.of(), true)));
            }
            return changeAttributes(appSlug, dsSlug, name, input, partial, schemaChanges ? schema : null, stored);
        });
    }

    /** Whether the schema sent is the table's own as the rename carries it (self-references by the new name). */
    private static boolean sameAfterRename(JsonNode sent, DataTable table, String newName) {
        JsonNode carried = TableRenames.carried(table.jsonSchema, table.name, newName);
        return carried != null && CanonicalJson.sha256Hex(carried).equals(CanonicalJson.sha256Hex(sent));
    }

    /**
     * A rename ({@link TableRenames}) and, in the same transaction, the other attributes; with {@code dry_run} what
     * the rename would change, as a preview. 409 when the new name is taken, by an inactive datatable too.
     */
    private Uni<Change> rename(String appSlug, String dsSlug, String name, String newName, DataTableInput input,
                               boolean partial, boolean dryRun) {
        return Panache.withTransaction(() -> require(appSlug, dsSlug, name).chain(table -> tables
                .findByName(table.datasource, newName).chain(existing -> {
                    if (existing != null) {
                        throw nameTaken(newName, dsSlug, existing.active ? "" : " (inactive)");
                    }
                    return renames.rename(table, newName, dryRun);
                }).chain(changes -> dryRun ? Uni.createFrom().item(new Change(null, new MigrationPreview(true,
                        changes, null, null, List.of(), 0, List.of(), true)))
                        : Uni.createFrom().item(table).map(renamed -> {
                            attributes(renamed, input, partial);
                            return new Change(DataTableView.of(renamed), null);
                        }).call(tables::flush))))
                .onFailure(UniqueViolation::in).transform(failure -> nameTaken(newName, dsSlug, ""));
    }

    private static void attributes(DataTable table, DataTableInput input, boolean partial) {
        if (!partial || input.description() != null) {
            table.description = Names.description("description", input.description());
        }
        if (input.isActive() != null) {
            table.active = input.isActive();
        }
        table.updatedAt = Clock.now();
    }

    /** Description and is_active; and the schema of an unmaterialized table (nothing physical to change). */
    private Uni<Change> changeAttributes(String appSlug, String dsSlug, String name, DataTableInput input,
                                         boolean partial, TableSchema schema, JsonNode stored) {
        return Panache.withTransaction(() -> require(appSlug, dsSlug, name).chain(table -> {
            attributes(table, input, partial);
            if (schema == null) {
                return tables.flush().replaceWith(table);
            }
            if (table.materialized) {
                throw DatablyException.conflict("Table '" + name + "' was materialized meanwhile: send the change "
                        + "again");
            }
            providers.of(table.datasource.providerType).requireStorable(schema);
            String before = table.jsonSchema;
            table.jsonSchema = CanonicalJson.write(stored);
            table.schemaHash = CanonicalJson.sha256Hex(stored);
            table.schemaVersion++;
            return resolver.checkReferences(table.datasource, name, schema, false)
                    .call(() -> operations.record(table, "update", before, table.jsonSchema, null))
                    .call(tables::flush).replaceWith(table);
        })).map(table -> new Change(DataTableView.of(table), null));
    }

    /** A table's SchemaOperation history, oldest first. */
    public Uni<PageSlice<SchemaOperationView>> operations(String appSlug, String dsSlug, String name, Paging paging) {
        return Panache.withSession(() -> require(appSlug, dsSlug, name).chain(table -> {
            var query = operations.of(table);
            return query.count().chain(count -> query.page(paging.page() - 1, paging.pageSize()).list()
                    .map(list -> new PageSlice<>(count, list.stream().map(SchemaOperationView::of).toList())));
        }));
    }

    /** Undoes an applied schema change (see {@link SchemaMigrations#rollback}); answers like a change. */
    public Uni<Change> rollback(String appSlug, String dsSlug, String name, long operationId,
                                MigrationOptions options) {
        return Panache.withSession(() -> require(appSlug, dsSlug, name)).chain(table -> {
            if (!table.materialized) {
                throw DatablyException.conflict("Table '" + name + "' is not materialized: change its schema "
                        + "directly instead");
            }
            return migrations.rollback(table.id, () -> Panache.withSession(() -> require(appSlug, dsSlug, name)),
                    operationId, options);
        }).chain(result -> result.preview() != null ? Uni.createFrom().item(new Change(null, result.preview()))
                : get(appSlug, dsSlug, name).map(view -> new Change(view, null)));
    }

    public Uni<Void> delete(String appSlug, String dsSlug, String name) {
        return Panache.withTransaction(() -> require(appSlug, dsSlug, name).chain(table -> {
            table.active = false;
            table.updatedAt = Clock.now();
            return operations.record(table, "delete", table.jsonSchema, null, null);
        })).replaceWithVoid();
    }

    /** Creates the physical table of a table made with {@code materialize=false}; a no-op when already done. */
    public Uni<DataTableView> materialize(String appSlug, String dsSlug, String name) {
        return Panache.withSession(() -> require(appSlug, dsSlug, name)).chain(table -> {
            if (table.materialized) {
                return Uni.createFrom().item(table);
            }
            OffsetDateTime started = Clock.now();
            // Its foreign keys need their targets' physical tables: one not materialized yet is named (400), not
            // left to the store, which refuses the constraint with an error no rule translates.
            return resolver.descriptorOf(table).call(descriptor -> Panache.withSession(() -> resolver
                            .checkReferences(table.datasource, table.name, descriptor.schema(), true)))
                    .chain(descriptor -> providers.of(table.datasource.providerType).materialize(descriptor))
                    .chain(plan -> markMaterialized(table, plan, started));
        }).map(DataTableView::of);
    }

    private Uni<DataTable> materializeNew(DataTable created) {
        DataProvider provider = providers.of(created.datasource.providerType);
        OffsetDateTime started = Clock.now();
        return resolver.descriptorOf(created)
                .chain(provider::materialize)
                .chain(plan -> markMaterialized(created, plan, started))
                .onFailure().call(failure -> Panache.withTransaction(() -> operations.forget(created.id)
                        .chain(() -> tables.delete("id", created.id))));
    }

    /** Marks the table materialized, recording what the provider ran (its changelog and SQL, or its steps). */
    private Uni<DataTable> markMaterialized(DataTable detached, MigrationPlan plan, OffsetDateTime started) {
        return Panache.withTransaction(() -> tables.findById(detached.id).chain(table -> {
            table.materialized = true;
            table.updatedAt = Clock.now();
            SchemaOperation op = operations.operation(table, "materialize", null, table.jsonSchema, started,
                    Clock.now());
            op.changelog = plan.changelog();
            op.sql = plan.sql() != null ? plan.sql() : String.join("\n", plan.steps());
            return operations.persist(op).replaceWith(table);
        }));
    }

    private Uni<DataTable> require(String appSlug, String dsSlug, String name) {
        return lookup.datasource(appSlug, dsSlug).chain(ds -> tables.findByName(ds, name)).map(t -> {
            if (t == null) {
                throw DatablyException.notFound("Datatable", appSlug + "/" + dsSlug + "/" + name);
            }
            return t;
        });
    }

    private Uni<String> uniquePhysicalName(DataSource ds, String base, int attempt) {
        String candidate = attempt == 1 ? base : base + "_" + attempt;
        return tables.physicalNameTaken(ds.tenant, candidate).chain(taken -> {
            if (!taken) {
                return Uni.createFrom().item(candidate);
            }
            if (attempt >= 100) {
                throw DatablyException.conflict("No free physical table name for '" + base + "'");
            }
            return uniquePhysicalName(ds, base, attempt + 1);
        });
    }

    private Uni<PageSlice<DataTableView>> page(io.quarkus.hibernate.reactive.panache.PanacheQuery<DataTable> query,
                                               Paging paging) {
        return query.count().chain(count -> query.page(paging.page() - 1, paging.pageSize()).list()
                .map(list -> new PageSlice<>(count, list.stream().map(DataTableView::of).toList())));
    }
}
