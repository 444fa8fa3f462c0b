package io.datably.schema.evolution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.Optional;
import liquibase.exception.DatabaseException;
import org.junit.jupiter.api.Test;

/**
 * A failed schema change answers PostgreSQL's primary message only when the table's data or definitions made it
 * refuse; never the SQL Liquibase quotes around it, nor an internal failure's text (Java classes, SQL).
 */
class SqlFailuresTest {
    @Test
    void aRefusalIsPostgresPrimaryMessageAlone() {
        SQLException pg = new SQLException("ERROR: column \"title\" of relation \"books\" contains null values\n"
                + "  Where: SQL statement \"ALTER TABLE t_acme.books ALTER COLUMN title SET NOT NULL\"", "23502");
        Throwable liquibase = new RuntimeException("Migration failed for changeset books-v2: Reason: "
                + "[Failed SQL: (0) ALTER TABLE \"t_acme\".\"books\" ...]", new DatabaseException(pg));
        assertEquals(Optional.of("column \"title\" of relation \"books\" contains null values"),
                SqlFailures.refusal(liquibase));
    }

    @Test
    void anInternalFailureIsNoRefusal() {
        assertTrue(SqlFailures.refusal(new NullPointerException("Cannot invoke \"liquibase.change.Change"
                + ".generateStatements()\" because \"change\" is null")).isEmpty());
        assertTrue(SqlFailures.refusal(new RuntimeException(new SQLException("ERROR: could not read block 7 in "
                + "file \"base/16384/2619\"", "XX001"))).isEmpty());
        assertTrue(SqlFailures.refusal(new RuntimeException(new SQLException("I/O error", "08006"))).isEmpty());
    }
}
