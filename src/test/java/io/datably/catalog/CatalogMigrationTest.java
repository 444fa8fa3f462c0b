package io.datably.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What decides whether a start runs Liquibase: the count of the changelog's changesets the database has applied. A
 * current catalog counts them all (no Liquibase run); one lacking a changeset counts one fewer (Liquibase runs). Run
 * after other tests' tenant DDL too, whose JDBC connections may keep a tenant's schema on their search path.
 */
@QuarkusTest
class CatalogMigrationTest {
    @Inject
    AgroalDataSource jdbc;

    @Test
    void aCurrentCatalogCountsEveryChangesetAndALaggingOneDoesNot() throws Exception {
        // A pooled connection that comes back from a tenant's DDL with the tenant's schema (and its own, empty
        // databasechangelog) first on its search path, as LiquibaseRunner leaves it.
        try (java.sql.Connection c = jdbc.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS catalog_migration_test");
            s.execute("CREATE TABLE IF NOT EXISTS catalog_migration_test.databasechangelog (id text)");
            s.execute("SET search_path TO catalog_migration_test");
        }
        List<String> changesets = CatalogChangelog.changesetIds();
        assertEquals(changesets.size(), CatalogMigration.applied(jdbc, "public", changesets));

        List<String> withANewOne = new ArrayList<>(changesets);
        withANewOne.add("catalog-99-of-a-later-release");
        assertEquals(withANewOne.size() - 1, CatalogMigration.applied(jdbc, "public", withANewOne));
        try (java.sql.Connection c = jdbc.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("RESET search_path"); // the pool's most recent connection: the one set above
        }
    }
}
