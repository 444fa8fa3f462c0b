package io.datably.service.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.provider.spi.IndexType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The body of an index create, {@code {name?, fields, type?, unique?, where?}}, checked for shape only: names are
 * matched against the schema, and {@code where} parsed and bound, by {@link IndexService}.
 *
 * @param name  null when the name is to be derived
 * @param type  null for the default (btree)
 * @param where the JSON filter tree, or null
 */
record IndexInput(String name, List<String> fields, IndexType type, boolean unique, JsonNode where) {
    private static final List<String> KEYS = List.of("name", "fields", "type", "unique", "where");

    static IndexInput parse(JsonNode body) {
        if (body == null || body.isNull() || !body.isObject()) {
            throw new DatablyException(ErrorCode.MALFORMED_BODY, "The request body must be a JSON object such as "
                    + "{\"fields\": [\"price\"], \"type\": \"btree\"}");
        }
        for (Iterator<String> keys = body.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!KEYS.contains(key)) {
                throw DatablyException.invalidField(cut(key), "unknown_key", "unknown key; expected one of "
                        + String.join(", ", KEYS));
            }
        }
        return new IndexInput(name(body.get("name")), fields(body.get("fields")), type(body.get("type")),
                unique(body.get("unique")), absent(body.get("where")) ? null : body.get("where"));
    }

    private static String name(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        if (!node.isTextual()) {
            throw DatablyException.invalidField("name", "type", "must be a string");
        }
        return node.textValue();
    }

    private static List<String> fields(JsonNode node) {
        if (absent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            throw DatablyException.invalidField("fields", "type", "must be an array of field names");
        }
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw DatablyException.invalidField("fields[" + i + "]", "type", "must be a field name (a string)");
            }
            fields.add(node.get(i).textValue());
        }
        return fields;
    }

    private static IndexType type(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        String token = node.isTextual() ? node.textValue() : node.toString();
        return IndexType.fromToken(token).orElseThrow(() -> DatablyException.invalidField("type", "unknown_type",
                "unknown index type '" + cut(token) + "'; one of " + IndexType.tokens()));
    }

    private static boolean unique(JsonNode node) {
        if (absent(node)) {
            return false;
        }
        if (!node.isBoolean()) {
            throw DatablyException.invalidField("unique", "type", "must be true or false");
        }
        return node.booleanValue();
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }

    /** Client text quoted in errors is cut short: a 100k-character key must not come back whole. */
    static String cut(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
