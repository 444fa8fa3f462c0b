package io.datably.schema.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.schema.model.Field;
import io.datably.schema.model.TableSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Casts incoming JSON records to canonical logical values and checks field-level constraints
 * (FRICTIONLESS.md §1 steps 1-3: missing values, cast, constraints). Thread-safe; build one per schema.
 */
public final class RecordCaster {

    private final TableSchema schema;
    private final Map<String, ConstraintChecker> checkers = new HashMap<>();

    /** Precompiles patterns and categories; IllegalArgumentException if the schema was not produced by the parser. */
    public RecordCaster(TableSchema schema) {
        this.schema = schema;
        for (Field field : schema.fields()) {
            checkers.put(field.name(), new ConstraintChecker(field));
        }
    }

    /**
     * Casts a record. With {@code partial} (PATCH) only the keys present are cast and checked. Every violation is
     * reported; fields that fail to cast are left out of the returned record.
     */
    public CastResult cast(JsonNode raw, boolean partial) {
        ObjectNode out = Json.NODES.objectNode();
        if (raw == null || !raw.isObject()) {
            return new CastResult(out, List.of(new FieldViolation("", "type", "a record must be a JSON object")));
        }
        List<FieldViolation> violations = new ArrayList<>();
        for (Field field : schema.fields()) {
            String name = field.name();
            if ((partial || field.generated()) && !raw.has(name)) {
                continue; // left to the store (its default), or unchanged by a PATCH
            }
            JsonNode value = raw.get(name);
            if (isMissing(field, value)) {
                out.set(name, NullNode.getInstance());
                if (schema.isRequired(field)) {
                    violations.add(new FieldViolation(name, "required", "a value is required"));
                }
                continue;
            }
            JsonNode logical;
            try {
                logical = TypeCasters.cast(field.type(), field.format(), field.descriptor(), value);
            } catch (IllegalArgumentException e) {
                violations.add(new FieldViolation(name, "type", e.getMessage()));
                continue;
            }
            out.set(name, logical);
            checkers.get(name).check(logical, violations::add);
        }
        // Strict: a key outside the schema is an error, never silently dropped or stored.
        for (Map.Entry<String, JsonNode> e : raw.properties()) {
            if (!checkers.containsKey(e.getKey())) {
                violations.add(new FieldViolation(e.getKey(), "unknown_field", "no field '" + e.getKey()
                        + "' in the schema"));
            }
        }
        return new CastResult(out, violations);
    }

    /**
     * Casts one value (missing values become NullNode; type and format only, no constraints), e.g. to coerce a
     * query parameter. Throws IllegalArgumentException with a message naming the field when it does not cast.
     */
    public JsonNode castValue(Field field, JsonNode raw) {
        if (isMissing(field, raw)) {
            return NullNode.getInstance();
        }
        try {
            return TypeCasters.cast(field.type(), field.format(), field.descriptor(), raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + field.name() + "' (" + field.type().jsonName() + "): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Step 1, before any parsing: null, absent, or an exact (case-sensitive, untrimmed) match of a missing-value
     * marker. Policy (as the reference): a native number matches by its text form, so -99 matches "-99".
     */
    private static boolean isMissing(Field field, JsonNode raw) {
        if (raw == null || raw.isNull() || raw.isMissingNode()) {
            return true;
        }
        if (raw.isTextual()) {
            return field.missingValues().contains(raw.textValue());
        }
        return raw.isNumber() && field.missingValues().contains(raw.asText());
    }
}
