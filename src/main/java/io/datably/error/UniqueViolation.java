package io.datably.error;

import io.vertx.pgclient.PgException;
import java.sql.SQLException;
import org.hibernate.exception.ConstraintViolationException;

/**
 * PostgreSQL's {@code unique_violation} (SQLSTATE 23505) among a failure's causes, however it arrives: from the
 * reactive client ({@link PgException}) or wrapped by Hibernate ({@link ConstraintViolationException} over a
 * {@link SQLException}). Two requests that both passed a "does it exist?" check meet here at commit.
 */
public final class UniqueViolation {
    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueViolation() {
    }

    public static boolean in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                    || cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())
                    || cause instanceof ConstraintViolationException c && UNIQUE_VIOLATION.equals(c.getSQLState())) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
