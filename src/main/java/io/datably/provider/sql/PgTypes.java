package io.datably.provider.sql;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

    /** A {@code datably:sqlType} a flat table can store a field in: its name and at most two numeric modifiers. */
    private static final Pattern STORABLE = Pattern.compile("(smallint|integer|bigint|real|double precision|numeric|"
            + "text|character varying|character|bytea|timestamp without time zone|timestamp with time zone)"
            + "(?:\\((\\d{1,8})(?:,(\\d{1,4}))?\\))?");

    /**
     * The column type a flat table stores a field in: the field's {@code datably:sqlType} when it names one of the
     * types the columns API and adoption give that field type (smallint, integer or bigint for an integer;
     * numeric(p,s), real or double precision for a number; text, character varying(n), character(n) or bytea for
     * a string; timestamp with or without time zone for a datetime), else {@link #columnType}. The type is rebuilt
     * from its parsed name and digits, so a descriptor's text never reaches the DDL.
     */
    public static String storageType(Field field) {
        String sqlType = field.normalizedSqlType();
        Matcher m = sqlType == null ? null : STORABLE.matcher(sqlType);
        if (m == null || !m.matches()) {
            return columnType(field);
        }
        String name = m.group(1);
        Integer first = m.group(2) == null ? null : Integer.valueOf(m.group(2));
        Integer second = m.group(3) == null ? null : Integer.valueOf(m.group(3));
        boolean fits = switch (name) {
            case "smallint", "integer", "bigint" -> field.type() == FieldType.INTEGER && first == null;
            case "real", "double precision" -> field.type() == FieldType.NUMBER && first == null;
            case "numeric" -> field.type() == FieldType.NUMBER
                    && (first == null || first >= 1 && first <= 1000 && (second == null || second <= first));
            case "text", "bytea" -> field.type() == FieldType.STRING && first == null;
            case "character varying", "character" -> field.type() == FieldType.STRING && second == null
                    && (first == null || first >= 1 && first <= 10_485_760);
            default -> field.type() == FieldType.DATETIME && first == null;
        };
        if (!fits) {
            return columnType(field);
        }
        return first == null ? name : name + "(" + first + (second == null ? "" : "," + second) + ")";
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
        if (isInterval(field)) {
            return isoDuration(column);
        }
        // to_jsonb renders through the type's output function, as row_to_json does (inet's ::text adds a /32).
        return isTextForm(field) ? "(to_jsonb(" + column + ") #>> '{}')" : column;
    }

    /**
     * A field read as the text form of a column of another type (see {@link #read}): a string field on a non-text
     * column, or a duration field on an interval column (read as its ISO 8601 text).
     */
    public static boolean isTextForm(Field field) {
        String type = baseType(field);
        return field.type() == FieldType.STRING && type != null && !TEXT_TYPES.contains(type) && !type.equals("bytea")
                || isInterval(field);
    }

    /** A duration field on an adopted {@code interval} column ({@code interval}, {@code interval day to second}). */
    public static boolean isInterval(Field field) {
        String type = baseType(field);
        return field.type() == FieldType.DURATION && type != null && type.startsWith("interval");
    }

    /**
     * An interval as an ISO 8601 duration, whatever the session's IntervalStyle: {@code P1Y2M3DT4H5M6.5S},
     * {@code PT0S}; a negative one with XML Schema's leading sign ({@code -P1DT2H}), so that what is read can be
     * written back and filtered by; mixed signs per part ({@code P1M-2D}), as PostgreSQL's iso_8601 style writes
     * them. Immutable, like the functions it calls, so an index can hold it.
     */
    static String isoDuration(String column) {
        String value = "(" + column + ")";
        List<String> parts = Stream.of("year", "month", "day", "hour", "minute", "second")
                .map(part -> "extract(" + part + " FROM " + value + ")").toList();
        String negative = parts.stream().map(p -> p + " <= 0").collect(Collectors.joining(" AND ")) + " AND "
                + value + " <> interval '0'";
        return "(CASE WHEN " + value + " IS NULL THEN NULL WHEN " + negative + " THEN '-' || "
                + durationParts("(-" + value + ")") + " ELSE coalesce(nullif(" + durationParts(value)
                + ", 'P'), 'PT0S') END)";
    }

    /** {@code P}, then each part that is not zero with its designator (seconds with their fraction). */
    private static String durationParts(String value) {
        String date = Stream.of("year:Y", "month:M", "day:D").map(p -> part(value, p)).collect(Collectors.joining());
        String time = Stream.of("hour:H", "minute:M").map(p -> part(value, p)).collect(Collectors.joining())
                + " || coalesce(trim_scale(nullif(extract(second FROM " + value + "), 0))::text || 'S', '')";
        String timeIsZero = Stream.of("hour", "minute", "second").map(p -> "extract(" + p + " FROM " + value + ") = 0")
                .collect(Collectors.joining(" AND "));
        return "('P'" + date + " || CASE WHEN " + timeIsZero + " THEN '' ELSE 'T'" + time + " END)";
    }

    /** {@code "day:D"} → the value's days and {@code D}, or nothing when they are zero. */
    private static String part(String value, String spec) {
        String[] nameAndDesignator = spec.split(":");
        return " || coalesce(nullif(extract(" + nameAndDesignator[0] + " FROM " + value + "), 0)::bigint::text || '"
                + nameAndDesignator[1] + "', '')";
    }

    /**
     * The text a flat column's input reads for a canonical value: {@link #textForm}; for an interval column a
     * negative duration gets its sign on each part ({@code -P1DT2H} → {@code P-1DT-2H}), the form PostgreSQL reads.
     */
    public static String storedForm(Field field, JsonNode value) {
        String text = textForm(field, value);
        return isInterval(field) && text.startsWith("-P")
                ? "P" + text.substring(2).replaceAll("([0-9]+(?:\\.[0-9]+)?)", "-$1") : text;
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
