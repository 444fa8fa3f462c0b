package io.datably.service.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.catalog.DataTable;
import io.datably.catalog.DataTableRepository;
import io.datably.catalog.SchemaOperation;
import io.datably.schema.model.GraphConfig;
import io.datably.schema.validate.CanonicalJson;
import io.datably.service.Clock;
import io.datably.service.Json;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The rename of a DataTable, which is logical: the DataTable's name changes, its physical table or collection keeps
 * its physical name, so nothing physical moves and views or other clients of the database keep working (flat_table's
 * foreign key constraints follow the table itself, not a name). What names the table in the catalog follows it: the
 * {@code foreignKeys[].reference.resource} of every DataTable of the datasource (active or not, its own explicit
 * self-references included) and {@code "datably:graph".edges}, each switch a schema version and a SchemaOperation of
 * its own, as a change carried to referencing tables is (see {@link ReferencingTables}). Records, indexes and audit
 * entries belong to the table's id and physical place, so they stay with it.
 */
@ApplicationScoped
public class TableRenames {
    private final DataTableRepository tables;
    private final SchemaOperations operations;
    private final AdvisoryLocks locks;

    public TableRenames(DataTableRepository tables, SchemaOperations operations, AdvisoryLocks locks) {
        this.tables = tables;
        this.operations = operations;
        this.locks = locks;
    }

    /**
     * Runs {@code work} (which renames) under the table's structure lock: a schema change of the table that is
     * running carries its field renames to the referencing tables' schemas, and must not overwrite the new name
     * there, nor see its own load by the old name succeed after the rename.
     */
    public <T> Uni<T> locked(long tableId, java.util.function.Supplier<Uni<T>> work) {
        return locks.withDatatableLock(tableId, work);
    }

    /**
     * Renames {@code table} (managed, inside the caller's transaction; the new name already checked free) to
     * {@code to}, or with {@code dryRun} only says what it would change. Answers the changes, as a preview lists them.
     */
    public Uni<List<String>> rename(DataTable table, String to, boolean dryRun) {
        String from = table.name;
        return tables.allOf(table.datasource).chain(all -> {
            List<String> changes = new ArrayList<>();
            changes.add("rename datatable '" + from + "' to '" + to + "' (its physical table keeps its name)");
            OffsetDateTime started = Clock.now();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (DataTable other : all) {
                if (other.id.equals(table.id)) {
                    continue;
                }
                ObjectNode carried = carried(other.jsonSchema, from, to);
                if (carried == null) {
                    continue;
                }
                changes.add("update datatable '" + other.name + "' to reference '" + to + "'");
                if (!dryRun) {
                    chain = chain.chain(() -> switchSchema(other, carried, "update", started,
                            op -> op.irreversible = "it carried the rename of datatable '" + from + "' to '" + to
                                    + "' to this table's references: rename that table back instead"));
                }
            }
            if (dryRun) {
                return Uni.createFrom().item(changes);
            }
            ObjectNode own = carried(table.jsonSchema, from, to);
            return chain.chain(() -> {
                table.name = to;
                return switchSchema(table, own, "rename", started, op -> {
                    op.nameBefore = from;
                    op.nameAfter = to;
                });
            }).call(tables::flush).replaceWith(changes);
        });
    }

    /**
     * Switches {@code table} to {@code schema} (null: it keeps its schema, and its version) and records the operation,
     * completed by {@code details}.
     */
    private Uni<Void> switchSchema(DataTable table, ObjectNode schema, String operation, OffsetDateTime started,
                                   java.util.function.Consumer<SchemaOperation> details) {
        String before = table.jsonSchema;
        if (schema != null) {
            table.jsonSchema = CanonicalJson.write(schema);
            table.schemaHash = CanonicalJson.sha256Hex(schema);
            table.schemaVersion++;
        }
        table.updatedAt = Clock.now();
        SchemaOperation op = operations.operation(table, operation, before, table.jsonSchema, started, Clock.now());
        details.accept(op);
        return operations.persist(op).replaceWithVoid();
    }

    /**
     * The stored schema with what names table {@code from} naming {@code to}: foreign keys' reference.resource and
     * {@code "datably:graph".edges}; null when it names {@code from} nowhere.
     */
    public static ObjectNode carried(String storedSchema, String from, String to) {
        ObjectNode schema = (ObjectNode) Json.parse(storedSchema);
        boolean changed = false;
        for (JsonNode fk : schema.path("foreignKeys")) {
            JsonNode reference = fk.path("reference");
            if (reference.isObject() && from.equals(reference.path("resource").textValue())) {
                ((ObjectNode) reference).put("resource", to);
                changed = true;
            }
        }
        JsonNode graph = schema.path(GraphConfig.SETTING);
        if (graph.isObject() && from.equals(graph.path("edges").textValue())) {
            ((ObjectNode) graph).put("edges", to);
            changed = true;
        }
        return changed ? schema : null;
    }
}
