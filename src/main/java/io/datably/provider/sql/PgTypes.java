package io.datably.provider.sql;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import java.util.Locale;
import java.util.Set;

/**
 * How each Frictionless type is stored in a PostgreSQL column, read from a JSON document, and written back out as
 * canonical JSON. The three must agree, so they live together.
 */
public final class PgTypes {
    /** PostgreSQL's text types: a string field on a column of one of these reads the column itself. */
    private static final Set<String> TEXT_TYPES = Set.of("text", "character varying", "varchar", "character",
            "char", "bpchar", "name", "citext");
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
     * A flat column as its field's type reads it. Adopted columns of types the schema has no type for are converted:
     * money to numeric, json to jsonb, bytea to its base64 text, and any other non-text column of a string field
     * (ranges, xml, inet, cidr, enums, uuid, ...) to its text form, which every text operator can compare. Queries,
     * aggregates and rendering all read this expression. Only {@code datably:sqlType}'s name is looked at; it is
     * never written into SQL.
     */
    public static String read(Field field, String column) {
        String type = baseType(field);
        if (type == null) {
            return column;
        }
        // Each conversion only for the field type adoption gives the column (a descriptor may claim any sqlType).
        if (type.equals("money") && field.type() == FieldType.NUMBER) {
            return "(" + column + ")::numeric";
        }
        if (type.equals("json") && isJsonColumn(field)) {
            return "(" + column + ")::jsonb";
        }
        if (isBytea(field) && field.type() == FieldType.STRING) {
            return "translate(encode(" + column + ", 'base64'), E'\\n', '')";
        }
        // to_jsonb renders through the type's output function, as row_to_json does (inet's ::text adds a /32).
        return isTextForm(field) ? "(to_jsonb(" + column + ") #>> '{}')" : column;
    }

    /** A string field read as the text form of a column of another type (see {@link #read}). */
    public static boolean isTextForm(Field field) {
        String type = baseType(field);
        return field.type() == FieldType.STRING && type != null && !TEXT_TYPES.contains(type) && !type.equals("bytea");
    }

    /**
     * Whether a field read as a text form has no order there: the text of a range, an address or an enum value does
     * not sort as the value does, so ordered comparisons, ordering, min and max are refused. A uuid's text (fixed
     * width, lowercase hex) sorts as the uuid.
     */
    public static boolean isUnorderedTextForm(Field field) {
        return isTextForm(field) && !"uuid".equals(baseType(field));
    }

    /** {@code character varying(255)} → {@code character varying}; null when the field names no SQL type. */
    private static String baseType(Field field) {
        String sqlType = field.sqlType();
        if (sqlType == null) {
            return null;
        }
        int paren = sqlType.indexOf('(');
        return (paren < 0 ? sqlType : sqlType.substring(0, paren)).strip().toLowerCase(Locale.ROOT);
    }

    /**
     * SQL that renders a value (a column as {@link #read} reads it) as canonical JSON: timestamps in UTC with
     * {@code Z} and no trailing zeros, numbers' special values as the strings the schema layer uses ("NaN", "INF",
     * "-INF").
     */
    public static String toJson(Field field, String column) {
        return switch (field.type()) {
            case DATETIME -> "CASE WHEN " + column + " IS NULL THEN NULL ELSE to_char(" + column
                    + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || rtrim(rtrim(to_char(" + column
                    + ", '.US'), '0'), '.') || 'Z' END";
            case NUMBER -> "CASE WHEN " + column + " = 'Infinity' THEN to_jsonb('INF'::text) WHEN " + column
                    + " = '-Infinity' THEN to_jsonb('-INF'::text) ELSE to_jsonb(" + column + ") END";
            default -> column;
        };
    }
}
