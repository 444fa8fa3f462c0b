package io.datably.provider.sql;

import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.provider.spi.TableDescriptor;
import io.datably.schema.model.ForeignKey;
import io.vertx.pgclient.PgException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Translates PostgreSQL errors (by SQLSTATE) into the service's errors, so clients see 4xx for their mistakes. */
public final class PgErrors {
    /** PostgreSQL's detail for unique and FK violations: {@code Key (email)=(a@b.c) already exists.} */
    private static final Pattern KEY_DETAIL = Pattern.compile("Key \\((.*?)\\)=\\((.*)\\)");

    private static final Pattern JSON_KEY = Pattern.compile("->> '((?:[^']|'')*)'");

    private PgErrors() {
    }

    public static Throwable translate(Throwable failure) {
        return translate(failure, null, null);
    }

    /**
     * Like {@link #translate(Throwable)}, for a statement on {@code table} (null: unknown), so that duplicates and
     * broken references are told in the API's terms: the fields of the schema, the referenced DataTable's name,
     * never the physical names PostgreSQL's own text has ({@code Key (id)=(1) is not present in table
     * "app_x_users"}). {@code keyColumn}: the column that holds the primary key as one value (jsonb's {@code key}),
     * reported as the primary key's fields; null where key fields are columns of their own.
     */
    public static Throwable translate(Throwable failure, TableDescriptor table, String keyColumn) {
        if (!(failure instanceof PgException pg)) {
            return failure;
        }
        String state = pg.getSqlState();
        String detail = pg.getDetail() == null ? "" : pg.getDetail();
        Matcher key = KEY_DETAIL.matcher(detail);
        boolean named = key.find();
        List<String> fields = named ? fieldNames(key.group(1)) : List.of();
        String values = named ? key.group(2) : "";
        if (table != null && keyColumn != null && fields.equals(List.of(keyColumn))) {
            fields = table.schema().primaryKey();
        }
        return switch (state == null ? "" : state) {
            case "23505" -> duplicate(fields, pg, table);
            case "23503" -> detail.contains("is still referenced")
                    ? stillReferenced(table, values) : missingReference(fields, values, table);
            case "23502" -> new DatablyException(ErrorCode.RECORD_INVALID, "Missing value for " + pg.getColumn(),
                    List.of(new ProblemItem(pg.getColumn(), "required", "is required")));
            case "23514" -> new DatablyException(ErrorCode.RECORD_INVALID, "A value breaks a check of the table"
                    + (pg.getColumn() == null ? "" : " on field '" + pg.getColumn() + "'"),
                    List.of(new ProblemItem(pg.getColumn() == null ? "" : pg.getColumn(), "check",
                    "breaks a check of the table")));
            case "22003", "22P02", "22007", "22008", "22001", "22023" -> new DatablyException(ErrorCode.RECORD_INVALID,
                    "A value cannot be stored: " + pg.getErrorMessage(),
                    List.of(new ProblemItem("", "storage", pg.getErrorMessage())));
            case "2201B" -> new DatablyException(ErrorCode.INVALID_PARAMETER, "PostgreSQL refuses a regular "
                    + "expression: " + pg.getErrorMessage(), List.of(new ProblemItem("", RegexRefusals.CODE,
                    pg.getErrorMessage())));
            // A column or table the statement names is gone or retyped: a migration committed after this request
            // read the catalog. The service retries once with the new schema (see SchemaChanges).
            case "42703", "42P01", "42804", "0A000" -> new DatablyException(ErrorCode.SCHEMA_CHANGED,
                    "The table's schema changed while the request ran; send it again");
            default -> providerError(state, pg.getErrorMessage(), pg);
        };
    }

    /** One entry per field of the key that is taken: the primary key's, or a unique key's. */
    private static DatablyException duplicate(List<String> fields, PgException pg, TableDescriptor table) {
        if (fields.isEmpty()) {
            return DatablyException.duplicate("Duplicate value for a unique key");
        }
        boolean primary = table != null ? fields.equals(table.schema().primaryKey())
                : pg.getConstraint() != null && pg.getConstraint().endsWith("_pkey");
        return new DatablyException(ErrorCode.DUPLICATE, "Duplicate value for " + (primary ? "primary" : "unique")
                + " key (" + String.join(", ", fields) + ")" + of(table) + ": a record with this value already exists",
                fields.stream().map(f -> new ProblemItem(f, "unique", "a record with this value already exists"))
                        .toList());
    }

    /** Worded as the service's own reference check words it (jsonb, mongodb), naming the referenced DataTable. */
    private static DatablyException missingReference(List<String> fields, String values, TableDescriptor table) {
        ForeignKey fk = table == null ? null : table.schema().foreignKeys().stream()
                .filter(k -> k.fields().equals(fields)).findFirst().orElse(null);
        String target = fk == null ? "the referenced table"
                : (fk.resource() == null ? "this table" : "'" + fk.resource() + "'") + " " + fk.referenceFields();
        return new DatablyException(ErrorCode.FOREIGN_KEY_VIOLATION, "No record of " + target + " has [" + values
                + "] (foreign key " + fields + ")", fields.stream().map(f -> new ProblemItem(f, "foreign_key",
                "must reference an existing record of " + target)).toList());
    }

    /** A delete (or key change) of a record that others reference; which table references it is not told. */
    private static DatablyException stillReferenced(TableDescriptor table, String values) {
        List<String> key = table == null ? List.of() : table.schema().primaryKey();
        return new DatablyException(ErrorCode.FOREIGN_KEY_VIOLATION, "The record" + of(table) + " with key ["
                + values + "] is still referenced by records of a table with a foreign key to it; change or delete "
                + "those first", key.stream().map(f -> new ProblemItem(f, "foreign_key",
                "is still referenced by other records")).toList());
    }

    private static String of(TableDescriptor table) {
        return table == null ? "" : " of table '" + table.tableName() + "'";
    }

    /**
     * A failure the client cannot mend: answered with none of PostgreSQL's own text (which can quote SQL, values or
     * names of other tables); the text travels as the cause, which the incident log shows.
     */
    public static DatablyException providerError(String state, String message, Throwable failure) {
        return DatablyException.providerError(new IllegalStateException("PostgreSQL error " + state + ": " + message,
                failure));
    }

    /** Index expressions of jsonb tables read {@code (data ->> 'email'::text)}: report the field names instead. */
    private static List<String> fieldNames(String keyColumns) {
        Matcher jsonKey = JSON_KEY.matcher(keyColumns);
        List<String> names = new ArrayList<>();
        while (jsonKey.find()) {
            names.add(jsonKey.group(1).replace("''", "'"));
        }
        return names.isEmpty() ? unquote(keyColumns) : List.copyOf(names);
    }

    /** Flat-table columns as PostgreSQL lists them, {@code a, "b c", "say ""hi"""}: back to the schema's names. */
    private static List<String> unquote(String columns) {
        List<String> names = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < columns.length(); i++) {
            char c = columns.charAt(i);
            if (quoted && c == '"' && i + 1 < columns.length() && columns.charAt(i + 1) == '"') {
                current.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == ',') {
                names.add(current.toString());
                current.setLength(0);
            } else if (quoted || c != ' ') {
                current.append(c);
            }
        }
        names.add(current.toString());
        return List.copyOf(names);
    }
}
