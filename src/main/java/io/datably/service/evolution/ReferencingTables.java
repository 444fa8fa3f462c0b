package io.datably.service.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.datably.catalog.DataTable;
import io.datably.catalog.DataTableRepository.SchemaSwitch;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.schema.evolution.SchemaDiff;
import io.datably.schema.model.Field;
import io.datably.schema.model.ForeignKey;
import io.datably.schema.model.TableSchema;
import io.datably.schema.validate.CanonicalJson;
import io.datably.service.Json;
import io.datably.service.SchemaCache;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The foreign keys of other tables that reference a table whose schema changes. A rename of a referenced field is
 * carried to them (their schemas name the new field, switched with the change, each an operation of its own); a
 * change that leaves one without a target (the field removed or retyped, no longer a key) is refused before anything
 * runs, dry run included, naming the referencing tables. The same on every provider: flat_table's store would refuse
 * some of these itself (PostgreSQL: "other objects depend on it"), jsonb's and mongodb's would not notice.
 */
final class ReferencingTables {
    /** A referencing table's schema, carried across the change: its catalog row before, its schema after. */
    record Carried(DataTable table, ObjectNode schema, String referenced) {
        String description() {
            return "update foreignKeys of datatable '" + table.name + "' to reference the renamed fields of '"
                    + referenced + "'";
        }

        String json() {
            return CanonicalJson.write(schema);
        }

        SchemaSwitch schemaSwitch() {
            return new SchemaSwitch(table.id, json(), CanonicalJson.sha256Hex(schema), table.schemaVersion + 1);
        }
    }

    private ReferencingTables() {
    }

    /**
     * The referencing tables among {@code active} (the datasource's active tables) whose schemas the change of
     * {@code table} to {@code after} carries; 409 when it would break one of their foreign keys.
     */
    static List<Carried> carry(DataTable table, TableSchema before, TableSchema after, SchemaDiff diff,
                               List<DataTable> active, SchemaCache schemas) {
        Map<String, String> renamed = new LinkedHashMap<>();
        diff.changes().stream().filter(c -> c instanceof SchemaDiff.FieldRenamed).map(c -> (SchemaDiff.FieldRenamed) c)
                .forEach(r -> renamed.put(r.from(), r.field().name()));
        List<Carried> carried = new ArrayList<>();
        List<ProblemItem> problems = new ArrayList<>();
        Set<String> broken = new LinkedHashSet<>();
        for (DataTable other : active) {
            if (other.id.equals(table.id)) {
                continue;
            }
            TableSchema schema = schemas.of(other);
            ObjectNode descriptor = null;
            for (int i = 0; i < schema.foreignKeys().size(); i++) {
                ForeignKey fk = schema.foreignKeys().get(i);
                if (!table.name.equals(fk.resource())) {
                    continue;
                }
                List<String> target = fk.referenceFields().stream().map(f -> renamed.getOrDefault(f, f)).toList();
                Optional<ProblemItem> problem = problem(other.name, schema, fk, target, before, after);
                if (problem.isPresent()) {
                    problems.add(problem.get());
                    broken.add(other.name);
                } else if (!target.equals(fk.referenceFields())) {
                    descriptor = descriptor != null ? descriptor : (ObjectNode) Json.parse(other.jsonSchema);
                    ObjectNode reference = (ObjectNode) descriptor.withArray("foreignKeys").get(i).get("reference");
                    ArrayNode fields = reference.arrayNode();
                    target.forEach(fields::add);
                    reference.set("fields", reference.get("fields").isTextual() ? TextNode.valueOf(target.get(0))
                            : fields);
                }
            }
            if (descriptor != null) {
                carried.add(new Carried(other, descriptor, table.name));
            }
        }
        if (!problems.isEmpty()) {
            throw new DatablyException(ErrorCode.CONFLICT, "The new schema of '" + table.name + "' would break the "
                    + "foreign keys of datatable" + (broken.size() > 1 ? "s " : " ") + String.join(", ",
                    broken.stream().map(n -> "'" + n + "'").toList()) + ": change or remove those foreign keys "
                    + "first", problems);
        }
        return carried;
    }

    /** Why the new schema leaves {@code fk} of datatable {@code name} without a target (its fields carried). */
    private static Optional<ProblemItem> problem(String name, TableSchema own, ForeignKey fk, List<String> target,
                                                 TableSchema before, TableSchema after) {
        String key = "the foreign key " + fk.fields() + " of datatable '" + name + "'";
        for (int j = 0; j < target.size(); j++) {
            Optional<Field> field = after.field(target.get(j));
            if (field.isEmpty()) {
                return Optional.of(new ProblemItem("json_schema.fields", "referenced_field",
                        key + " references field '" + fk.referenceFields().get(j) + "', which the new schema "
                                + "no longer has"));
            }
            Field local = own.field(fk.fields().get(j)).orElseThrow();
            if (field.get().type() != local.type()) {
                return Optional.of(new ProblemItem("json_schema.fields[" + after.fields().indexOf(field.get())
                        + "].type", "referenced_field", key + " references field '" + target.get(j) + "' as "
                        + local.type().jsonName() + ", which the new schema makes " + field.get().type().jsonName()));
            }
        }
        if (identifiesOneRecord(after, target)) {
            return Optional.empty();
        }
        String path = new HashSet<>(fk.referenceFields()).equals(new HashSet<>(before.primaryKey()))
                ? "json_schema.primaryKey" : target.size() == 1
                ? "json_schema.fields[" + after.fields().indexOf(after.field(target.get(0)).orElseThrow())
                + "].constraints.unique" : "json_schema.uniqueKeys";
        return Optional.of(new ProblemItem(path, "referenced_key", key + " references fields " + target
                + ", which the new schema makes neither its primaryKey nor a unique key"));
    }

    /** As the check of a new foreign key has it (TableResolver): the primary key, a unique field or unique key. */
    private static boolean identifiesOneRecord(TableSchema schema, List<String> fields) {
        Set<String> wanted = new HashSet<>(fields);
        return wanted.equals(new HashSet<>(schema.primaryKey())) || (fields.size() == 1
                && schema.field(fields.get(0)).map(f -> f.constraints().unique()).orElse(false))
                || schema.uniqueKeys().stream().anyMatch(k -> wanted.equals(new HashSet<>(k)));
    }
}
