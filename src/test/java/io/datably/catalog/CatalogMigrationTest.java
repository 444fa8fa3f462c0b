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
 * current catalog counts them all (no Liquibase run); one lacking a changeset counts one fewer (Liquibase runs).
 */
@QuarkusTest
class CatalogMigrationTest {
    @Inject
    AgroalDataSource jdbc;

    @Test
    void aCurrentCatalogCountsEveryChangesetAndALaggingOneDoesNot() throws Exception {
        List<String> changesets = CatalogChangelog.changesetIds();
        assertEquals(changesets.size(), CatalogMigration.applied(jdbc, changesets));

        List<String> withANewOne = new ArrayList<>(changesets);
        withANewOne.add("catalog-99-of-a-later-release");
        assertEquals(withANewOne.size() - 1, CatalogMigration.applied(jdbc, withANewOne));
    }
}
