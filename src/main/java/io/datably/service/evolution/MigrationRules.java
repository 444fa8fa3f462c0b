package io.datably.service.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.schema.evolution.Breakage;
import io.datably.schema.evolution.SchemaDiff;
import io.datably.schema.model.Field;
import io.datably.schema.model.TableSchema;
import io.datably.schema.validate.RecordCaster;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decisions of {@link SchemaMigrations} that need no store: which changes can break records or only move
 * fields, how a refusal reads, what makes a change irreversible.
 */
final class MigrationRules {
    private MigrationRules() {
    }

    /**
     * Whether some stored record could fail the new schema; when not (a new optional field, a rename, a constraint
     * or key dropped), the check of every record is skipped: on 100,000 records it is most of a change's time.
     */
    static boolean canBreakRecords(SchemaDiff diff, Map<String, JsonNode> backfill) {
        for (SchemaDiff.Change change : diff.changes()) {
            boolean safe;
            if (change instanceof SchemaDiff.FieldAdded a) {
                var c = a.field().constraints();
                boolean filled = backfill.containsKey(a.field().name());
                safe = !(c.required() && !filled) && !(c.unique() && filled);
            } else if (change instanceof SchemaDiff.ConstraintChanged c) {
                safe = c.after() == null; // a constraint dropped (required: false counts as absent)
            } else {
                safe = change instanceof SchemaDiff.FieldRenamed || change instanceof SchemaDiff.UniqueKeyRemoved
                        || change instanceof SchemaDiff.ForeignKeyRemoved;
            }
            if (!safe) {
                return true;
            }
        }
        return false;
    }

    static DatablyException refused(String table, List<Breakage> blocking, long checked) {
        List<ProblemItem> items = blocking.stream().map(b -> new ProblemItem(b.field(), b.code(), b.message()
                + "; e.g. records " + b.examples() + (b.repairable()
                ? " (allow_destructive=true clears these values)"
                : b.code().equals("required") ? " (give a backfill value)" : ""))).toList();
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("records_checked", checked);
        extensions.put("breaking", blocking);
        return new DatablyException(ErrorCode.CONFLICT, "The new schema of '" + table + "' would break "
                + blocking.stream().mapToLong(Breakage::count).max().orElse(0) + " or more existing records: "
                + blocking.stream().map(Breakage::message).reduce((a, b) -> a + "; " + b).orElse(""), items,
                extensions);
    }

    /** The diff's renames as a JSON object, new name → old name; null when none. */
    static String renames(SchemaDiff diff) {
        ObjectNode renames = JsonNodeFactory.instance.objectNode();
        diff.changes().stream().filter(c -> c instanceof SchemaDiff.FieldRenamed)
                .map(c -> (SchemaDiff.FieldRenamed) c).forEach(r -> renames.put(r.field().name(), r.from()));
        return renames.isEmpty() ? null : renames.toString();
    }

    /**
     * Why the change cannot be undone: values it dropped or cleared are gone. (A type change can: its rollback is
     * a migration back, checked like any other.) Null when it can.
     */
    static String irreversible(List<Breakage> repaired) {
        return repaired.isEmpty() ? null : repaired.stream()
                .map(b -> b.message() + (b.code().equals("data_loss") ? "" : " (cleared)"))
                .reduce((a, b) -> a + "; " + b).orElseThrow();
    }

    /** Backfill values cast by their field (400 naming {@code backfill.<field>} when unknown or invalid). */
    static Map<String, JsonNode> castBackfill(TableSchema schema, Map<String, JsonNode> raw) {
        RecordCaster caster = new RecordCaster(schema);
        Map<String, JsonNode> cast = new LinkedHashMap<>();
        raw.forEach((name, value) -> {
            Field field = schema.field(name).orElseThrow(() -> DatablyException.invalidField("backfill." + name,
                    "unknown_field", "the new schema has no field '" + name + "'"));
            try {
                cast.put(name, caster.castValue(field, value));
            } catch (IllegalArgumentException e) {
                throw DatablyException.invalidField("backfill." + name, "type", e.getMessage());
            }
        });
        return cast;
    }
}
