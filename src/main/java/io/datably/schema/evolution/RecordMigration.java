package io.datably.schema.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.datably.schema.model.Field;
import io.datably.schema.model.TableSchema;
import io.datably.schema.validate.CastResult;
import io.datably.schema.validate.FieldViolation;
import io.datably.schema.validate.RecordCaster;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One stored record carried from the old schema to the new one: renamed fields moved, removed ones left out,
 * backfill values given to fields without one, then cast and checked by the new schema's own caster. The same
 * caster checks every record a client writes, so "breaks the new schema" means exactly what a write would refuse.
 */
public final class RecordMigration {
    private final TableSchema after;
    private final RecordCaster caster;
    private final Map<String, String> oldNameOf = new LinkedHashMap<>();
    private final Set<String> retyped = new HashSet<>();
    private final Set<String> added = new HashSet<>();
    private final List<String> removed = new ArrayList<>();
    private final Map<String, JsonNode> backfill;

    /** A record in the new schema's form, and what the new schema refuses in it. */
    public record Outcome(ObjectNode record, List<FieldViolation> violations) {
    }

    public RecordMigration(SchemaDiff diff, TableSchema after, Map<String, JsonNode> backfill) {
        this.after = after;
        this.caster = new RecordCaster(after);
        this.backfill = Map.copyOf(backfill);
        for (SchemaDiff.Change change : diff.changes()) {
            if (change instanceof SchemaDiff.FieldRenamed r) {
                oldNameOf.put(r.field().name(), r.from());
            } else if (change instanceof SchemaDiff.FieldRemoved r) {
                removed.add(r.field().name());
            } else if (change instanceof SchemaDiff.FieldAdded a) {
                added.add(a.field().name());
            } else if (change instanceof SchemaDiff.TypeChanged t) {
                retyped.add(t.after().name());
            }
        }
    }

    /** The name a field of the new schema had in the old one (itself unless renamed; null for an added field). */
    public String oldName(String field) {
        return added.contains(field) ? null : oldNameOf.getOrDefault(field, field);
    }

    public Outcome migrate(ObjectNode stored) {
        ObjectNode raw = JsonNodeFactory.instance.objectNode();
        for (Field field : after.fields()) {
            String from = oldName(field.name());
            JsonNode value = from == null ? null : stored.get(from);
            if ((value == null || value.isNull()) && backfill.containsKey(field.name())) {
                value = backfill.get(field.name());
            } else if (value != null && retyped.contains(field.name()) && value.isValueNode() && !value.isNull()) {
                // A retyped value is read from its text, as PostgreSQL's cast reads it: 5 becomes "5" for a
                // string field, "5" becomes 5 for an integer one.
                value = TextNode.valueOf(value.asText());
            }
            if (value != null) {
                raw.set(field.name(), value);
            }
        }
        CastResult cast = caster.cast(raw, false);
        List<FieldViolation> violations = new ArrayList<>(cast.violations());
        for (String gone : removed) {
            JsonNode value = stored.get(gone);
            if (value != null && !value.isNull()) {
                violations.add(new FieldViolation(gone, "data_loss", "is removed but holds a value"));
            }
        }
        // The record as it is written if the change goes ahead: only when every violation may be repaired by
        // clearing the value (allow_destructive), so each violating value is cleared.
        ObjectNode migrated = cast.record();
        for (FieldViolation v : cast.violations()) {
            if (after.field(v.field()).isPresent()) {
                migrated.set(v.field(), NullNode.getInstance());
            }
        }
        return new Outcome(migrated, violations);
    }
}
