package io.datably.schema.evolution;

import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/**
 * What a failed JDBC run (Liquibase wraps PostgreSQL's errors in its own exceptions) may tell a client. Only
 * PostgreSQL's primary message of the refusals the table's data or definitions cause is theirs to read; the rest
 * (Liquibase's and the driver's wrapping, which quotes the SQL; internal failures, which name Java classes) is logged.
 */
public final class SqlFailures {
    /**
     * SQLSTATE classes of a refused change: data exceptions (22, a value the new type cannot read), integrity (23),
     * dependent objects (2B, a view on a dropped column), definitions (42, a name already taken), features (0A) and
     * object states (55, a lock not available).
     */
    private static final Set<String> REFUSALS = Set.of("22", "23", "2B", "42", "0A", "55");

    private SqlFailures() {
    }

    /** The SQLSTATE of the first SQL error in the failure's causes, or null. */
    public static String sqlState(Throwable failure) {
        SQLException sql = sqlException(failure);
        return sql == null ? null : sql.getSQLState();
    }

    /** PostgreSQL's primary message (its first line, without {@code ERROR:}), else the failure's own. */
    public static String message(Throwable failure) {
        SQLException sql = sqlException(failure);
        String message = String.valueOf(sql != null ? sql.getMessage() : failure.getMessage());
        return message.lines().findFirst().orElse("").replaceFirst("^ERROR: ", "");
    }

    /**
     * Why the store refused the change, for the client: PostgreSQL's primary message when the SQLSTATE says the data
     * or definitions stand in the way; empty when the failure is the service's or the store's own (logged, answered
     * without its text).
     */
    public static Optional<String> refusal(Throwable failure) {
        String state = sqlState(failure);
        return state != null && state.length() == 5 && REFUSALS.contains(state.substring(0, 2))
                ? Optional.of(message(failure)) : Optional.empty();
    }

    private static SQLException sqlException(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql;
            }
        }
        return null;
    }
}
