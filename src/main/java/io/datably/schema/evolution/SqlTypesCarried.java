package io.datably.schema.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * A schema sent without the column types its fields had ({@code datably:sqlType}, written by adoption and the columns
 * API) keeps them: a client that sends a field as it would write it, leaving the annotation out, means to keep the
 * column, and the stored schema goes on saying what the column is. A field whose type or format changes gets the
 * new type's own column instead, and a field that names a column type names the one it wants.
 */
public final class SqlTypesCarried {
    private static final String SQL_TYPE = "datably:sqlType";

    private SqlTypesCarried() {
    }

    /** {@code sent} with the column types of {@code before}'s fields carried over (a copy when any is). */
    public static JsonNode into(JsonNode sent, JsonNode before) {
        if (sent == null || before == null || !sent.path("fields").isArray()) {
            return sent;
        }
        Map<String, JsonNode> typed = new HashMap<>();
        before.path("fields").forEach(f -> {
            if (f.path(SQL_TYPE).isTextual()) {
                typed.put(f.path("name").asText(), f);
            }
        });
        if (typed.isEmpty()) {
            return sent;
        }
        JsonNode copy = sent.deepCopy();
        copy.get("fields").forEach(f -> {
            if (!(f instanceof ObjectNode field) || field.has(SQL_TYPE)) {
                return;
            }
            String was = field.path(SchemaDiff.RENAMED_FROM).isTextual() ? field.get(SchemaDiff.RENAMED_FROM).asText()
                    : field.path("name").asText();
            JsonNode old = typed.get(was);
            if (old != null && sameType(old, field)) {
                field.set(SQL_TYPE, old.get(SQL_TYPE));
            }
        });
        return copy;
    }

    private static boolean sameType(JsonNode a, JsonNode b) {
        return a.path("type").asText("string").equals(b.path("type").asText("string"))
                && a.path("format").asText("default").equals(b.path("format").asText("default"));
    }
}
