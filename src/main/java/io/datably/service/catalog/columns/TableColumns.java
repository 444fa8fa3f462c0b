package io.datably.service.catalog.columns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A DataTable's Table Schema as PHP-CRUD-API's columns API describes a table: {@code name}, {@code type} (table or
 * view: a read-only DataTable) and its columns in order, each with {@code name}, {@code type} (see
 * {@link ColumnTypes}), {@code nullable} when a value may be left null, {@code pk} for the primary key and
 * {@code fk} naming the table a one-column foreign key refers to. Keys appear in PHP-CRUD-API's order.
 */
final class TableColumns {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private TableColumns() {
    }

    static ObjectNode table(String name, JsonNode schema) {
        ObjectNode table = JSON.objectNode().put("name", name)
                .put("type", isView(schema) ? "view" : "table");
        var columns = table.putArray("columns");
        Set<String> pk = primaryKey(schema);
        Map<String, String> fks = foreignKeys(schema);
        for (JsonNode field : schema.path("fields")) {
            columns.add(column(field, pk, fks, isView(schema)));
        }
        return table;
    }

    /** The column of {@code schema} named {@code name}, or null. */
    static ObjectNode column(JsonNode schema, String name) {
        for (JsonNode field : schema.path("fields")) {
            if (name.equals(field.path("name").asText())) {
                return column(field, primaryKey(schema), foreignKeys(schema), isView(schema));
            }
        }
        return null;
    }

    /** An adopted view ({@code datably:readOnly}). */
    private static boolean isView(JsonNode schema) {
        return schema.path("datably:readOnly").asBoolean(false);
    }

    private static ObjectNode column(JsonNode field, Set<String> pk, Map<String, String> fks, boolean view) {
        String name = field.path("name").asText();
        ObjectNode column = JSON.objectNode().put("name", name);
        ColumnTypes.describe(field, column);
        boolean key = pk.contains(name);
        // A key column is never null; a generated column's NOT NULL is not kept in the schema (it is not required
        // of a writer), so only a required field or a key reads as not nullable. A view's columns never read as
        // nullable: PHP-CRUD-API's reflection sets IS_NULLABLE false for every view column (fixture 001's tag_usage).
        if (!view && !key && !field.path("constraints").path("required").asBoolean(false)) {
            column.put("nullable", true);
        }
        if (key) {
            column.put("pk", true);
        }
        if (fks.containsKey(name)) {
            column.put("fk", fks.get(name));
        }
        return column;
    }

    private static Set<String> primaryKey(JsonNode schema) {
        Set<String> pk = new HashSet<>();
        JsonNode key = schema.path("primaryKey");
        if (key.isTextual()) {
            pk.add(key.textValue());
        }
        key.forEach(k -> pk.add(k.asText()));
        return pk;
    }

    private static Map<String, String> foreignKeys(JsonNode schema) {
        Map<String, String> fks = new HashMap<>();
        for (JsonNode fk : schema.path("foreignKeys")) {
            JsonNode fields = fk.path("fields");
            String field = fields.isTextual() ? fields.textValue() : fields.size() == 1 ? fields.get(0).asText() : null;
            String target = fk.path("reference").path("resource").asText("");
            if (field != null && !target.isEmpty()) {
                fks.put(field, target);
            }
        }
        return fks;
    }
}
