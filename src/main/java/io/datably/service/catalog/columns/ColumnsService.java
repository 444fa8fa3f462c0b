package io.datably.service.catalog.columns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.DatablyException;
import io.datably.service.Paging;
import io.datably.service.CatalogLookup;
import io.datably.service.catalog.DataTableInput;
import io.datably.service.catalog.DataTableService;
import io.datably.service.catalog.DataTableView;
import io.datably.service.evolution.MigrationOptions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;

/**
 * PHP-CRUD-API's columns API on a datasource: the structure of its active DataTables (the database), of
 * one table, or of one column, described from each DataTable's Table Schema ({@link TableColumns}).
 */
@ApplicationScoped
public class ColumnsService {
    /** A datasource's tables are listed whole: the columns API has no paging. */
    private static final Paging ALL = new Paging(1, Integer.MAX_VALUE / 2);

    private final DataTableService tables;
    private final CatalogLookup lookup;

    public ColumnsService(DataTableService tables, CatalogLookup lookup) {
        this.tables = tables;
        this.lookup = lookup;
    }

    /** {@code {"tables": [...]}}, by name as PHP-CRUD-API lists them. */
    public Uni<ObjectNode> database(String app, String ds) {
        return tables.listOfApp(app, ds, null, ALL).map(slice -> {
            ObjectNode database = JsonNodeFactory.instance.objectNode();
            var list = database.putArray("tables");
            slice.results().stream().sorted(Comparator.comparing(DataTableView::name))
                    .forEach(t -> list.add(TableColumns.table(t.name(), t.jsonSchema())));
            return database;
        });
    }

    public Uni<ObjectNode> table(String app, String ds, String table) {
        return active(app, ds, table).map(t -> TableColumns.table(t.name(), t.jsonSchema()));
    }

    /**
     * Changes one column (name, nullable, pk, fk; see {@link ColumnChange}) as a PATCH of the datatable's schema: an
     * ordinary schema migration with its checks, SchemaOperation history and rollback. A change that changes nothing
     * migrates nothing. Answers true, as PHP-CRUD-API does.
     */
    public Uni<Boolean> updateColumn(String app, String ds, String table, String column, JsonNode change) {
        return active(app, ds, table).chain(t -> {
            String fk = change.path("fk").isTextual() ? change.get("fk").textValue() : "";
            Uni<String> targetKey = fk.isEmpty() ? Uni.createFrom().item("")
                    : tables.get(app, ds, fk).map(target -> singleKey(target, column));
            return targetKey.chain(key -> {
                ObjectNode schema = ColumnChange.apply(t.jsonSchema(), column, change, columnTypes(t.providerType()),
                        ignored -> key);
                return tables.update(app, ds, table, new DataTableInput(null, null, schema, null, null, null), true,
                        MigrationOptions.DEFAULT);
            });
        }).replaceWith(Boolean.TRUE);
    }

    /**
     * Adds a column ({@link ColumnChange#add}) as a schema migration; a new required column of a table that holds
     * records is refused by the migration's checks (no value to give them). Answers true.
     */
    public Uni<Boolean> addColumn(String app, String ds, String table, JsonNode column) {
        return active(app, ds, table).chain(t -> {
            String fk = column.path("fk").isTextual() ? column.get("fk").textValue() : "";
            Uni<String> targetKey = fk.isEmpty() ? Uni.createFrom().item("")
                    : tables.get(app, ds, fk).map(target -> singleKey(target, column.path("name").asText()));
            return targetKey.chain(key -> migrate(app, ds, table, ColumnChange.add(t.jsonSchema(), column,
                    columnTypes(t.providerType()), key),
                    MigrationOptions.DEFAULT));
        }).replaceWith(Boolean.TRUE);
    }

    /**
     * Drops a column as a schema migration. Dropping is what was asked, so the values it holds go with it
     * ({@code allow_destructive}); the rollback of that operation is then refused, as for any destructive change.
     */
    public Uni<Boolean> dropColumn(String app, String ds, String table, String column) {
        return active(app, ds, table).chain(t -> migrate(app, ds, table, ColumnChange.drop(t.jsonSchema(), column),
                new MigrationOptions(false, true, java.util.Map.of()))).replaceWith(Boolean.TRUE);
    }

    private Uni<DataTableService.Change> migrate(String app, String ds, String table, ObjectNode schema,
                                                 MigrationOptions options) {
        return tables.update(app, ds, table, new DataTableInput(null, null, schema, null, null, null), true, options);
    }

    /**
     * Creates a table ({@code {"name", "columns": [...]}}) as a DataTable of the datasource, materialized; its
     * columns as {@link ColumnChange#table} makes them. Answers true.
     */
    public Uni<Boolean> createTable(String app, String ds, JsonNode table) {
        // The datasource only for its provider (no counts); the create checks it is active.
        return Panache.withSession(() -> lookup.datasource(app, ds)).chain(source -> tables.listOfApp(app, ds,
                null, ALL).chain(slice -> {
            java.util.Map<String, DataTableView> byName = new java.util.HashMap<>();
            slice.results().forEach(t -> byName.put(t.name(), t));
            String name = table.path("name").asText("");
            ObjectNode schema = ColumnChange.table(table, columnTypes(source.providerType), target -> {
                DataTableView found = byName.get(target);
                if (found == null) {
                    throw ColumnChange.invalid(name, "fk names table '" + target + "', which does not exist");
                }
                return singleKey(found, name);
            });
            return tables.create(app, ds, new DataTableInput(name, null, schema, null, null, null));
        })).replaceWith(Boolean.TRUE);
    }

    /**
     * Renames a table ({@code {"name": "new"}}), as the native API's change of a datatable's name does: logically,
     * its physical table keeps its name, and the foreign keys of the others follow. PHP-CRUD-API reads only
     * {@code name} here ({@code type} too, for views, which these tables are not); other keys are ignored, as there.
     * Answers true; 422 (1013) without a name, 409 (1009) when it is taken.
     */
    public Uni<Boolean> renameTable(String app, String ds, String table, JsonNode body) {
        JsonNode name = body.path("name");
        if (!name.isTextual() || name.textValue().isEmpty()) {
            throw DatablyException.invalidField("name", "invalid", "is the table's new name: a non-empty string");
        }
        return active(app, ds, table).chain(t -> tables.update(app, ds, table,
                new DataTableInput(name.textValue(), null, null, null, null, null), true, MigrationOptions.DEFAULT))
                .replaceWith(Boolean.TRUE);
    }

    /** Soft-deletes the table's DataTable, as the native API's DELETE does (its records are kept). */
    public Uni<Boolean> dropTable(String app, String ds, String table) {
        return active(app, ds, table).chain(t -> tables.delete(app, ds, table)).replaceWith(Boolean.TRUE);
    }

    /**
     * Whether the provider stores each field in a PostgreSQL column of its own type, so that a column keeps the
     * PHP-CRUD-API type it was given (flat_table); the others store JSON and read types back from the field's.
     */
    private static boolean columnTypes(String providerType) {
        return "flat_table".equals(providerType);
    }

    /** The active DataTable; a soft-deleted one is not part of the structure. */
    private Uni<DataTableView> active(String app, String ds, String table) {
        return tables.get(app, ds, table).map(t -> {
            if (!t.isActive()) {
                throw DatablyException.notFound("Datatable", app + "/" + ds + "/" + table);
            }
            return t;
        });
    }

    /** A foreign key refers to its target's one-field primary key. */
    private static String singleKey(DataTableView target, String column) {
        JsonNode key = target.jsonSchema().path("primaryKey");
        if (key.isTextual()) {
            return key.textValue();
        }
        if (key.size() != 1) {
            throw ColumnChange.invalid(column, "table '" + target.name() + "' has no one-column primary key to refer "
                    + "to");
        }
        return key.get(0).asText();
    }

    /** 404 {@code "Column 'x' not found"} when the table has no such column. */
    public Uni<ObjectNode> column(String app, String ds, String table, String column) {
        return active(app, ds, table).map(t -> {
            ObjectNode found = TableColumns.column(t.jsonSchema(), column);
            if (found == null) {
                throw DatablyException.notFound("Column", column);
            }
            return found;
        });
    }
}
