package io.datably.service.catalog.columns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PHP-CRUD-API's type names for a column, with {@code length}, {@code precision} and {@code scale} as its columns
 * API prints them (its PostgreSQL type converter). An adopted column is read from its exact PostgreSQL type
 * ({@code datably:sqlType}, e.g. {@code character varying(255)} → varchar 255, {@code numeric(10,2)} → decimal
 * 10,2, {@code bytea} → blob, {@code json} → clob); a field of a table Datably made has none, so it is named by its
 * Frictionless type as the flat_table provider would store it (integer → bigint, string → varchar with its
 * maxLength, else clob).
 */
final class ColumnTypes {
    /** The type modifier, e.g. {@code (255)} or {@code (10,2)}; the name is what is left (timestamp(3) with ...). */
    private static final Pattern MODIFIER = Pattern.compile("\\(\\s*(\\d+)(?:\\s*,\\s*(\\d+))?\\s*\\)");

    private ColumnTypes() {
    }

    /** Puts {@code type} and, where it has them, {@code length} or {@code precision}/{@code scale}. */
    static void describe(JsonNode field, ObjectNode column) {
        String sqlType = field.path("datably:sqlType").isTextual() ? field.get("datably:sqlType").textValue() : null;
        if (sqlType != null) {
            fromSql(sqlType, column);
        } else {
            fromFrictionless(field, column);
        }
    }

    private static void fromSql(String sqlType, ObjectNode column) {
        String text = sqlType.toLowerCase(Locale.ROOT).strip();
        if (text.endsWith("[]")) {
            column.put("type", "clob");
            return;
        }
        Matcher m = MODIFIER.matcher(text);
        boolean modified = m.find();
        String first = modified ? m.group(1) : null;
        String second = modified ? m.group(2) : null;
        String base = MODIFIER.matcher(text).replaceAll("").replaceAll("\\s+", " ").strip();
        switch (base) {
            case "character varying", "varchar" -> sized(column, "varchar", first);
            case "character", "char", "bpchar" -> sized(column, "char", first);
            case "numeric", "decimal" -> {
                column.put("type", "decimal");
                if (first != null) {
                    column.put("precision", Integer.parseInt(first));
                    column.put("scale", second == null ? 0 : Integer.parseInt(second));
                }
            }
            case "smallint", "integer", "bigint", "boolean", "date", "real", "geometry" -> column.put("type", base);
            case "double precision" -> column.put("type", "double");
            case "bytea" -> column.put("type", "blob");
            case "text", "json", "jsonb", "xml" -> column.put("type", "clob");
            case "timestamp", "timestamp without time zone", "timestamp with time zone" ->
                    column.put("type", "timestamp");
            case "time", "time without time zone", "time with time zone" -> column.put("type", "time");
            case "uuid" -> sized(column, "char", "36");
            case "money" -> column.put("type", "decimal");
            default -> column.put("type", "varchar");
        }
    }

    private static void sized(ObjectNode column, String type, String length) {
        column.put("type", type);
        if (length != null) {
            column.put("length", Integer.parseInt(length));
        }
    }

    private static void fromFrictionless(JsonNode field, ObjectNode column) {
        String type = field.path("type").asText("string");
        String format = field.path("format").asText("default");
        switch (type) {
            case "string" -> {
                if ("binary".equals(format)) {
                    column.put("type", "blob");
                } else if (field.path("constraints").path("maxLength").canConvertToInt()) {
                    sized(column, "varchar", field.path("constraints").get("maxLength").asText());
                } else {
                    column.put("type", "clob");
                }
            }
            case "integer" -> column.put("type", "bigint");
            case "number" -> column.put("type", "decimal");
            case "boolean" -> column.put("type", "boolean");
            case "date" -> column.put("type", "date");
            case "time" -> column.put("type", "time");
            case "datetime" -> column.put("type", "timestamp");
            case "year" -> column.put("type", "integer");
            default -> column.put("type", "clob"); // object, array, any, geojson, ...: stored as JSON text
        }
    }
}
