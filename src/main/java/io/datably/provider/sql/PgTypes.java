package io.datably.provider.sql;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;

/**
 * How each Frictionless type is stored in a PostgreSQL column, read from a JSON document, and written back out as
 * canonical JSON. The three must agree, so they live together.
 */
public final class PgTypes {
    private PgTypes() {
    }

    /** The column type of a field in a flat table. */
    public static String columnType(Field field) {
        return switch (field.type()) {
            case STRING, YEARMONTH, DURATION -> "text";
            case INTEGER -> "bigint";
            case NUMBER -> "numeric";
            case BOOLEAN -> "boolean";
            case DATE -> "date";
            case TIME -> "time";
            case DATETIME -> "timestamptz";
            case YEAR -> "integer";
            case OBJECT, ARRAY, LIST, GEOPOINT, GEOJSON, ANY -> "jsonb";
        };
    }

    /**
     * PostgreSQL's text form of a canonical value, for parameters cast in SQL: the schema's "INF"/"-INF" is
     * PostgreSQL's "Infinity"/"-Infinity"; everything else is its canonical text.
     */
    public static String textForm(Field field, JsonNode value) {
        if (field.type() == FieldType.NUMBER && value.isTextual() && value.asText().endsWith("INF")) {
            return value.asText().startsWith("-") ? "-Infinity" : "Infinity";
        }
        return value.asText();
    }

    /** Whether the column holds JSON itself (then a JSON null must become SQL NULL explicitly). */
    public static boolean isJsonColumn(Field field) {
        return columnType(field).equals("jsonb");
    }

    /**
     * SQL that extracts a field's value from the jsonb expression {@code doc} and casts it to the column type.
     * {@code ->>} turns a JSON null into SQL NULL; for jsonb columns {@code NULLIF} does.
     */
    public static String fromJson(Field field, String doc) {
        String key = Sql.literal(field.name());
        if (isJsonColumn(field)) {
            return "NULLIF(" + doc + " -> " + key + ", 'null'::jsonb)";
        }
        if (isBytea(field)) {
            return "decode(" + doc + " ->> " + key + ", 'base64')";
        }
        return "(" + doc + " ->> " + key + ")::" + columnType(field);
    }

    /** A binary string stored in an adopted {@code bytea} column: base64 in JSON, bytes in the column. */
    private static boolean isBytea(Field field) {
        return "bytea".equals(field.sqlType());
    }

    /**
     * SQL that renders a column as canonical JSON: timestamps in UTC with {@code Z} and no trailing zeros, numbers'
     * special values as the strings the schema layer uses ("NaN", "INF", "-INF").
     */
    public static String toJson(Field field, String column) {
        return switch (field.type()) {
            case DATETIME -> "CASE WHEN " + column + " IS NULL THEN NULL ELSE to_char(" + column
                    + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || rtrim(rtrim(to_char(" + column
                    + ", '.US'), '0'), '.') || 'Z' END";
            case STRING -> isBytea(field) ? "translate(encode(" + column + ", 'base64'), E'\\n', '')" : column;
            case NUMBER -> "CASE WHEN " + column + " = 'Infinity' THEN to_jsonb('INF'::text) WHEN " + column
                    + " = '-Infinity' THEN to_jsonb('-INF'::text) ELSE to_jsonb(" + column + ") END";
            default -> column;
        };
    }
}
