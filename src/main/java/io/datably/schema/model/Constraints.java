package io.datably.schema.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The constraints of one field; range and enum values are already cast to the field's canonical logical form,
 * and absent constraints are {@code null} (or {@code false} for the two flags).
 */
public record Constraints(boolean required, boolean unique, Integer minLength, Integer maxLength,
        JsonNode minimum, JsonNode maximum, JsonNode exclusiveMinimum, JsonNode exclusiveMaximum,
        String pattern, List<JsonNode> enumValues, JsonNode jsonSchema) {

    public static final Constraints NONE =
            new Constraints(false, false, null, null, null, null, null, null, null, null, null);

    public Constraints {
        enumValues = enumValues == null ? null : List.copyOf(enumValues);
        jsonSchema = jsonSchema == null ? null : jsonSchema.deepCopy();
    }
}
