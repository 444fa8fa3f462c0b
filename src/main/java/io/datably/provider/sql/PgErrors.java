package io.datably.provider.sql;

import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
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
        if (!(failure instanceof PgException pg)) {
            return failure;
        }
        String state = pg.getSqlState();
        String detail = pg.getDetail() == null ? "" : pg.getDetail();
        Matcher key = KEY_DETAIL.matcher(detail);
        String fields = key.find() ? fieldNames(key.group(1)) : "";
        return switch (state == null ? "" : state) {
            case "23505" -> new DatablyException(ErrorCode.DUPLICATE, "Duplicate value for " + describe(fields, detail),
                    List.of(new ProblemItem(fields, "unique", "a record with this value already exists")));
            case "23503" -> new DatablyException(ErrorCode.FOREIGN_KEY_VIOLATION, foreignKeyMessage(pg, detail),
                    List.of(new ProblemItem(fields, "foreign_key", detail)));
            case "23502" -> new DatablyException(ErrorCode.RECORD_INVALID, "Missing value for " + pg.getColumn(),
                    List.of(new ProblemItem(pg.getColumn(), "required", "is required")));
            case "23514" -> new DatablyException(ErrorCode.RECORD_INVALID, "Constraint " + pg.getConstraint()
                    + " failed", List.of(new ProblemItem(pg.getColumn() == null ? "" : pg.getColumn(), "check",
                    pg.getErrorMessage())));
            case "22003", "22P02", "22007", "22008", "22001", "22023" -> new DatablyException(ErrorCode.RECORD_INVALID,
                    "A value cannot be stored: " + pg.getErrorMessage(),
                    List.of(new ProblemItem("", "storage", pg.getErrorMessage())));
            case "2201B" -> new DatablyException(ErrorCode.INVALID_PARAMETER, "PostgreSQL refuses a regular "
                    + "expression: " + pg.getErrorMessage(), List.of(new ProblemItem("", RegexRefusals.CODE,
                    pg.getErrorMessage())));
            // A column or table the statement names is gone or retyped: a migration committed after this request
            // read the catalog. The service retries once with the new schema (see SchemaChanges).
            case "42703", "42P01", "42804", "0A000" -> new DatablyException(ErrorCode.SCHEMA_CHANGED,
                    "The table's schema changed while the request ran; send it again: " + pg.getErrorMessage());
            default -> providerError(state, pg.getErrorMessage(), pg);
        };
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
    private static String fieldNames(String keyColumns) {
        Matcher jsonKey = JSON_KEY.matcher(keyColumns);
        StringBuilder names = new StringBuilder();
        while (jsonKey.find()) {
            names.append(names.isEmpty() ? "" : ", ").append(jsonKey.group(1).replace("''", "'"));
        }
        return names.isEmpty() ? unquote(keyColumns) : names.toString();
    }

    /** Flat-table columns as PostgreSQL lists them, {@code a, "b c", "say ""hi"""}: back to the schema's names. */
    private static String unquote(String columns) {
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
        return String.join(", ", names);
    }

    private static String describe(String fields, String detail) {
        return fields.isEmpty() ? "a unique key" : "(" + fields + "): " + detail;
    }

    private static String foreignKeyMessage(PgException pg, String detail) {
        if (detail.contains("is still referenced")) {
            return "The record is still referenced: " + detail;
        }
        return "Reference not found: " + detail;
    }
}
