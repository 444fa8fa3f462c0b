package io.datably.query.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;

/** Type and key checks for request bodies, each error naming the JSON path ({@code where.and[1].op}). */
final class JsonMembers {

    private JsonMembers() {
    }

    /** A member, or null when absent or JSON null: optional members may be sent as null by generated clients. */
    static JsonNode optional(JsonNode object, String key) {
        JsonNode node = object.get(key);
        return node == null || node.isNull() ? null : node;
    }

    /** Rejects the first key not in {@code allowed}: a typo ({@code "opp"}) must not be silently ignored. */
    static void onlyKeys(Culprit at, JsonNode object, List<String> allowed) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw at.member(name).error("unknown_key", "unknown key " + Excerpt.of(name) + "; expected "
                        + (allowed.size() == 1 ? "only " : "one of ") + String.join(", ", allowed));
            }
        }
    }

    static String string(Culprit at, JsonNode node) {
        if (!node.isTextual()) {
            throw at.error("type", "must be a string, not " + describe(node));
        }
        return node.textValue();
    }

    static JsonNode array(Culprit at, JsonNode node) {
        if (!node.isArray()) {
            throw at.error("type", "must be an array, not " + describe(node));
        }
        return node;
    }

    /** A non-negative integer that fits in a long; ranges beyond that are the planner's concern. */
    static Long wholeNumber(Culprit at, JsonNode node) {
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw at.error("type", "must be a whole number (0 or more), not " + describe(node));
        }
        return node.longValue();
    }

    /**
     * Scalars are quoted (cut short); containers only named, because serializing a hostile, deeply nested value
     * could itself fail.
     */
    static String describe(JsonNode node) {
        if (node.isNull() || node.isMissingNode()) {
            return "null";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array of " + node.size() + " item" + (node.size() == 1 ? "" : "s");
        }
        return node.getNodeType().name().toLowerCase() + " " + Excerpt.of(node.isTextual() ? "\"" + node.textValue()
                + "\"" : node.asText());
    }
}
