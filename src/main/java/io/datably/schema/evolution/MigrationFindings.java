package io.datably.schema.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.datably.schema.model.Field;
import io.datably.schema.model.ForeignKey;
import io.datably.schema.model.TableSchema;
import io.datably.schema.validate.FieldViolation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tallies what a new schema would break across all stored records: per field and kind a count and a few example
 * keys, plus duplicates of every key the new schema declares unique (primary key, unique fields, uniqueKeys).
 */
public final class MigrationFindings {
    private static final int EXAMPLES = 5;
    private final TableSchema after;
    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    private final Map<List<String>, Set<String>> seenByUniqueKey = new LinkedHashMap<>();
    private long records;
    /** For each new foreign key: the referencing values seen (as JSON text), with a count and an example key. */
    private final Map<ForeignKey, Map<String, Reference>> references = new LinkedHashMap<>();
    /** For each new self-referencing foreign key: the referenced values the table's own records hold. */
    private final Map<ForeignKey, Set<String>> ownTargets = new LinkedHashMap<>();

    private static final class Reference {
        long count;
        final JsonNode example;

        Reference(JsonNode example) {
            this.example = example;
        }
    }

    private static final class Tally {
        final String field;
        final String code;
        final String message;
        long count;
        final List<JsonNode> examples = new ArrayList<>();

        Tally(String field, String code, String message) {
            this.field = field;
            this.code = code;
            this.message = message;
        }
    }

    public MigrationFindings(TableSchema after) {
        this.after = after;
        if (!after.primaryKey().isEmpty()) {
            seenByUniqueKey.put(after.primaryKey(), new HashSet<>());
        }
        for (Field field : after.fields()) {
            if (field.constraints().unique() && !after.primaryKey().equals(List.of(field.name()))) {
                seenByUniqueKey.put(List.of(field.name()), new HashSet<>());
            }
        }
        after.uniqueKeys().forEach(key -> seenByUniqueKey.putIfAbsent(key, new HashSet<>()));
    }

    /**
     * Foreign keys the change adds: the references existing records make through them are collected, to be
     * checked against the referenced records ({@link #missingTargets}).
     */
    public void expectReferences(List<ForeignKey> added, String tableName) {
        added.forEach(fk -> {
            references.put(fk, new LinkedHashMap<>());
            if (fk.selfReference() || tableName.equals(fk.resource())) {
                ownTargets.put(fk, new HashSet<>());
            }
        });
    }

    /** The text a tuple of values is compared by (canonical values: the same on both sides of a reference). */
    public static String tuple(JsonNode record, List<String> fields) {
        return fields.stream().map(f -> String.valueOf(record.get(f))).toList().toString();
    }

    /**
     * Tallies the references to {@code fk}'s target that no record of {@code existing} answers (for a reference to
     * the table itself, its own records after the change).
     */
    public void missingTargets(ForeignKey fk, Set<String> existing) {
        Set<String> targets = ownTargets.getOrDefault(fk, existing);
        references.get(fk).forEach((values, reference) -> {
            if (!targets.contains(values)) {
                for (long i = 0; i < reference.count; i++) {
                    tally(String.join(",", fk.fields()), "foreign_key", "refer to records that "
                            + (fk.resource() == null ? "this table" : "'" + fk.resource() + "'") + " does not hold",
                            reference.example);
                }
            }
        });
    }

    /** Adds one record's outcome; {@code stored} is the record as stored (for the example key). */
    public void add(JsonNode stored, RecordMigration.Outcome outcome) {
        records++;
        JsonNode key = exampleKey(stored, outcome);
        for (FieldViolation v : outcome.violations()) {
            tally(v.field(), v.code(), v.message(), key);
        }
        references.forEach((fk, seen) -> {
            if (fk.fields().stream().noneMatch(f -> outcome.record().get(f) == null || outcome.record().get(f).isNull())) {
                seen.computeIfAbsent(tuple(outcome.record(), fk.fields()), v -> new Reference(key)).count++;
            }
        });
        ownTargets.forEach((fk, targets) -> targets.add(tuple(outcome.record(), fk.referenceFields())));
        seenByUniqueKey.forEach((fields, seen) -> {
            List<JsonNode> values = fields.stream().map(f -> outcome.record().get(f)).toList();
            if (values.stream().anyMatch(v -> v == null || v.isNull())) {
                return; // nulls never collide (the schema's unique rule); a null key field is 'required' already
            }
            if (!seen.add(values.toString())) {
                tally(String.join(",", fields), "unique", "holds the same value in several records", key);
            }
        });
    }

    public long records() {
        return records;
    }

    /** Whether {@code allow_destructive} may repair a violation by clearing the value (or dropping the field). */
    public boolean repairable(String field, String code) {
        if (code.equals("required") || code.equals("unique") || code.equals("foreign_key")) {
            return false;
        }
        return after.field(field).map(f -> !after.isRequired(f)).orElse(true);
    }

    public List<Breakage> breakages() {
        return tallies.values().stream().map(t -> new Breakage(t.field, t.code, describe(t), t.count,
                t.examples, repairable(t.field, t.code))).toList();
    }

    private static String describe(Tally t) {
        String records = t.count == 1 ? "1 record" : t.count + " records";
        return switch (t.code) {
            case "data_loss" -> records + " hold a value in removed field '" + t.field + "'";
            case "unique" -> records + " repeat a value of '" + t.field + "', which becomes unique";
            case "required" -> records + " have no value for '" + t.field + "', which becomes required";
            case "foreign_key" -> records + " " + t.message + " (the new foreign key on '" + t.field + "')";
            default -> records + " fail the new '" + t.field + "' (" + t.code + "): " + t.message;
        };
    }

    private void tally(String field, String code, String message, JsonNode key) {
        Tally tally = tallies.computeIfAbsent(field + "\u0000" + code, k -> new Tally(field, code, message));
        tally.count++;
        if (tally.examples.size() < EXAMPLES) {
            tally.examples.add(key);
        }
    }

    private JsonNode exampleKey(JsonNode stored, RecordMigration.Outcome outcome) {
        List<String> pk = after.primaryKey();
        if (pk.isEmpty()) {
            return stored;
        }
        if (pk.size() == 1) {
            JsonNode value = outcome.record().get(pk.get(0));
            return value == null ? stored : value;
        }
        var array = JsonNodeFactory.instance.arrayNode();
        pk.forEach(f -> array.add(outcome.record().get(f)));
        return array;
    }
}
