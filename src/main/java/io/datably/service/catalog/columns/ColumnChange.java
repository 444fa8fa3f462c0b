package io.datably.service.catalog.columns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import java.util.List;

/**
 * A PHP-CRUD-API column change ({@code PUT /columns/{table}/{column}}: name, type, nullable, pk, fk) written as the
 * table's next Table Schema, so that it runs as an ordinary schema migration: a new name is a rename
 * ({@code datably:renamedFrom}), a type the Frictionless type that holds it (see {@link #field}), nullable the
 * field's {@code required} constraint, pk the primary key, fk a one-field foreign key to the named table's key
 * ({@code ""} removes it). Where the store keeps PostgreSQL column types (flat_table: {@code columnTypes}), the
 * PHP-CRUD-API type is also the column's ({@code datably:sqlType}: integer stays integer, varchar(255) stays
 * character varying(255)), so it reads back as it was written.
 */
final class ColumnChange {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ColumnChange() {
    }

    /** The schema after the change; {@code targetKeyOf} answers the primary key field of an fk's table. */
    static ObjectNode apply(JsonNode current, String column, JsonNode change, boolean columnTypes,
                            java.util.function.Function<String, String> targetKeyOf) {
        if (!change.isObject()) {
            throw invalid(column, "the body is a JSON object: name, type, length, precision, scale, nullable, pk, fk");
        }
        ObjectNode schema = current.deepCopy();
        ObjectNode field = null;
        for (JsonNode f : schema.path("fields")) {
            if (column.equals(f.path("name").asText())) {
                field = (ObjectNode) f;
            }
        }
        if (field == null) {
            throw DatablyException.notFound("Column", column);
        }
        String name = column;
        if (change.hasNonNull("name") && !change.get("name").asText().equals(column)) {
            name = change.get("name").asText();
            if (name.isBlank()) {
                throw invalid(column, "a column's new name is not empty");
            }
            field.put("name", name);
            field.put("datably:renamedFrom", column);
            renameInKeys(schema, column, name);
        }
        if (change.hasNonNull("type")) {
            ObjectNode now = JSON.objectNode();
            ColumnTypes.describe(field, now);
            if (!sameType(now, change)) {
                retype(field, field(name, change, columnTypes));
            }
        }
        if (change.has("nullable")) {
            boolean nullable = change.get("nullable").asBoolean(false);
            if (nullable) {
                if (field.path("constraints") instanceof ObjectNode constraints) {
                    constraints.remove("required");
                }
            } else {
                field.with("constraints").put("required", true);
            }
        }
        if (change.has("pk")) {
            boolean pk = change.get("pk").asBoolean(false);
            boolean isPk = primaryKey(schema).equals(List.of(name));
            if (pk && !isPk) {
                ArrayNode key = JSON.arrayNode().add(name);
                schema.set("primaryKey", key);
            } else if (!pk && isPk) {
                schema.remove("primaryKey");
            }
        }
        if (change.has("fk")) {
            String target = change.get("fk").isNull() ? "" : change.get("fk").asText();
            ArrayNode kept = JSON.arrayNode();
            for (JsonNode fk : schema.path("foreignKeys")) {
                if (!(fk.path("fields").size() == 1 && name.equals(fk.path("fields").get(0).asText()))) {
                    kept.add(fk);
                }
            }
            if (!target.isEmpty()) {
                ObjectNode fk = kept.addObject();
                fk.putArray("fields").add(name);
                fk.putObject("reference").put("resource", target).putArray("fields").add(targetKeyOf.apply(target));
            }
            if (kept.isEmpty()) {
                schema.remove("foreignKeys");
            } else {
                schema.set("foreignKeys", kept);
            }
        }
        return schema;
    }

    /**
     * The schema with a new column ({@code POST /columns/{table}}): its type as the Frictionless type that stores it
     * (see {@link #field}), required unless {@code nullable}, and a foreign key when {@code fk} names a table.
     */
    static ObjectNode add(JsonNode current, JsonNode column, boolean columnTypes, String targetKey) {
        if (!column.isObject() || !column.path("name").isTextual() || column.get("name").asText().isBlank()) {
            throw invalid("name", "a new column is an object with a name and a type");
        }
        String name = column.get("name").asText();
        ObjectNode schema = current.deepCopy();
        for (JsonNode f : schema.path("fields")) {
            if (name.equals(f.path("name").asText())) {
                throw invalid(name, "table already has a column '" + name + "'");
            }
        }
        if (column.path("pk").asBoolean(false)) {
            throw invalid(name, "a new column cannot be the primary key; add it, then make it the key");
        }
        ObjectNode field = field(name, column, columnTypes);
        if (!column.path("nullable").asBoolean(false)) {
            field.with("constraints").put("required", true);
        }
        schema.withArray("fields").add(field);
        String fk = column.path("fk").asText("");
        if (!fk.isEmpty()) {
            ObjectNode key = schema.withArray("foreignKeys").addObject();
            key.putArray("fields").add(name);
            key.putObject("reference").put("resource", fk).putArray("fields").add(targetKey);
        }
        return schema;
    }

    /**
     * A new table's schema ({@code POST /columns}): each column as {@link #add} makes it, {@code pk} columns the
     * primary key, {@code fk} a foreign key to the named table's key ({@code keyOf}).
     */
    static ObjectNode table(JsonNode table, boolean columnTypes, java.util.function.Function<String, String> keyOf) {
        if (!table.isObject() || !table.path("name").isTextual() || !table.path("columns").isArray()
                || table.get("columns").isEmpty()) {
            throw invalid("name", "a new table is an object with a name and columns");
        }
        ObjectNode schema = JSON.objectNode();
        schema.putArray("fields");
        for (JsonNode column : table.get("columns")) {
            String name = column.path("name").asText("");
            if (column.path("pk").asBoolean(false)) {
                schema.withArray("primaryKey").add(name);
                ObjectNode plain = ((ObjectNode) column.deepCopy());
                plain.remove("pk");
                plain.remove("fk");
                schema = add(schema, plain.put("nullable", true), columnTypes, "");
                continue;
            }
            String fk = column.path("fk").asText("");
            schema = add(schema, column, columnTypes, fk.isEmpty() ? "" : keyOf.apply(fk));
        }
        return schema;
    }

    /** The schema without {@code column} and the one-field foreign keys over it; the key column is refused. */
    static ObjectNode drop(JsonNode current, String column) {
        ObjectNode schema = current.deepCopy();
        ArrayNode fields = JSON.arrayNode();
        boolean found = false;
        for (JsonNode f : schema.path("fields")) {
            if (column.equals(f.path("name").asText())) {
                found = true;
            } else {
                fields.add(f);
            }
        }
        if (!found) {
            throw DatablyException.notFound("Column", column);
        }
        if (primaryKey(schema).contains(column)) {
            throw invalid(column, "the primary key column cannot be dropped");
        }
        schema.set("fields", fields);
        ArrayNode kept = JSON.arrayNode();
        for (JsonNode fk : schema.path("foreignKeys")) {
            boolean over = false;
            for (JsonNode f : fk.path("fields")) {
                over |= column.equals(f.asText());
            }
            if (!over) {
                kept.add(fk);
            }
        }
        if (kept.isEmpty()) {
            schema.remove("foreignKeys");
        } else {
            schema.set("foreignKeys", kept);
        }
        return schema;
    }

    /**
     * A PHP-CRUD-API type as a Frictionless field: integer, bigint, smallint → integer; decimal, double, real, float →
     * number; varchar, char (with {@code length} as maxLength), clob → string; blob → string in binary format;
     * boolean, date, time; timestamp → datetime. With {@code columnTypes} also the PostgreSQL column type
     * PHP-CRUD-API creates for it. Others, and sizes PostgreSQL cannot hold, are refused naming the column.
     */
    static ObjectNode field(String name, JsonNode column, boolean columnTypes) {
        ObjectNode field = JSON.objectNode().put("name", name);
        String type = column.path("type").asText("");
        Integer length = size(name, column, "length", 10_485_760);
        Integer precision = size(name, column, "precision", 1000);
        Integer scale = column.has("scale") ? size(name, column, "scale", precision == null ? 0 : precision) : null;
        String sqlType;
        switch (type) {
            case "integer", "bigint", "smallint" -> {
                field.put("type", "integer");
                sqlType = type;
            }
            case "decimal" -> {
                field.put("type", "number");
                sqlType = precision == null ? "numeric"
                        : "numeric(" + precision + "," + (scale == null ? 0 : scale) + ")";
            }
            case "double" -> {
                field.put("type", "number");
                sqlType = "double precision";
            }
            case "real", "float" -> {
                field.put("type", "number");
                sqlType = "real";
            }
            case "varchar", "char" -> {
                field.put("type", "string");
                if (length != null) {
                    field.putObject("constraints").put("maxLength", length);
                }
                String sql = type.equals("char") ? "character" : "character varying";
                sqlType = length == null ? sql : sql + "(" + length + ")";
            }
            case "clob" -> {
                field.put("type", "string");
                sqlType = "text";
            }
            case "blob" -> {
                field.put("type", "string").put("format", "binary");
                sqlType = "bytea";
            }
            case "boolean", "date", "time" -> {
                field.put("type", type);
                sqlType = null;
            }
            case "timestamp" -> {
                field.put("type", "datetime");
                sqlType = "timestamp without time zone";
            }
            default -> throw invalid(name, "type '" + type + "' is not one the columns API creates (integer, bigint, "
                    + "smallint, decimal, double, real, float, varchar, char, clob, blob, boolean, date, time, "
                    + "timestamp)");
        }
        if (columnTypes && sqlType != null) {
            field.put("datably:sqlType", sqlType);
        }
        return field;
    }

    /** A length, precision or scale: absent, or a whole number from 1 (0 for a scale) to {@code max}. */
    private static Integer size(String column, JsonNode body, String name, int max) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        int min = name.equals("scale") ? 0 : 1;
        if (!value.canConvertToExactIntegral() || !value.canConvertToInt() || value.asInt() < min
                || value.asInt() > max) {
            throw invalid(column, "'" + name + "' of column '" + column + "' is a whole number from " + min + " to "
                    + max);
        }
        return value.asInt();
    }

    /**
     * The field with {@code typed}'s type, format, column type and length in place of its own; its other
     * constraints, key roles and annotations stay.
     */
    private static void retype(ObjectNode field, ObjectNode typed) {
        for (String property : List.of("type", "format", "datably:sqlType")) {
            field.remove(property);
            if (typed.has(property)) {
                field.set(property, typed.get(property));
            }
        }
        if (field.path("constraints") instanceof ObjectNode constraints) {
            constraints.remove("maxLength");
        }
        if (typed.path("constraints").has("maxLength")) {
            field.with("constraints").set("maxLength", typed.get("constraints").get("maxLength"));
        }
    }

    private static boolean sameType(ObjectNode now, JsonNode change) {
        if (!now.get("type").asText().equals(change.get("type").asText())) {
            return false;
        }
        for (String size : List.of("length", "precision", "scale")) {
            if (change.has(size) && !change.get(size).asText().equals(now.path(size).asText())) {
                return false;
            }
        }
        return true;
    }

    private static void renameInKeys(ObjectNode schema, String from, String to) {
        if (schema.path("primaryKey").isTextual() && schema.get("primaryKey").asText().equals(from)) {
            schema.put("primaryKey", to);
        }
        rename(schema.path("primaryKey"), from, to);
        for (JsonNode fk : schema.path("foreignKeys")) {
            rename(fk.path("fields"), from, to);
        }
        for (JsonNode key : schema.path("uniqueKeys")) {
            rename(key, from, to);
        }
    }

    private static void rename(JsonNode names, String from, String to) {
        if (names instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (from.equals(array.get(i).asText())) {
                    array.set(i, JSON.textNode(to));
                }
            }
        }
    }

    private static List<String> primaryKey(JsonNode schema) {
        JsonNode key = schema.path("primaryKey");
        if (key.isTextual()) {
            return List.of(key.textValue());
        }
        List<String> names = new java.util.ArrayList<>();
        key.forEach(k -> names.add(k.asText()));
        return names;
    }

    static DatablyException invalid(String column, String message) {
        return new DatablyException(ErrorCode.INVALID_FIELD, message, List.of(new ProblemItem(column, "invalid",
                message)));
    }
}
