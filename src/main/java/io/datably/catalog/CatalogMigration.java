package io.datably.catalog;

import io.agroal.api.AgroalDataSource;
import io.quarkus.liquibase.LiquibaseFactory;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import liquibase.Liquibase;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Migrates the catalog at start, only when it is not current: one query over JDBC says whether every changeset of
 * the changelog is applied, and Liquibase runs only when one is missing. Running Liquibase on a current catalog (its
 * lock, its changelog parse and checksum validation) was about a second of every start (bench/startup.sh), and a
 * start is what a serverless platform makes its first caller wait for. Off with
 * {@code datably.catalog.migrate-at-start=false} (the migration Job of k8s/base/migrate-job.yaml runs Quarkus'
 * own Liquibase instead), and readiness waits for a current catalog either way ({@code health.CatalogReadinessCheck}).
 */
@ApplicationScoped
public class CatalogMigration {
    private static final Logger LOG = Logger.getLogger(CatalogMigration.class);

    void migrateIfBehind(@Observes @Priority(1) StartupEvent start, AgroalDataSource jdbc, LiquibaseFactory liquibase,
                         @ConfigProperty(name = "datably.catalog.migrate-at-start") boolean migrateAtStart,
                         @ConfigProperty(name = "quarkus.liquibase.default-schema", defaultValue = "public")
                         String catalogSchema) throws Exception {
        if (!migrateAtStart) {
            return;
        }
        List<String> changesets = CatalogChangelog.changesetIds();
        if (applied(jdbc, catalogSchema, changesets) == changesets.size()) {
            return;
        }
        LOG.info("Migrating the catalog");
        try (Liquibase run = liquibase.createLiquibase()) {
            run.update(liquibase.createContexts(), liquibase.createLabels());
        }
    }

    /** How many of {@code changesets} the catalog's {@code schema} has applied (0 before Liquibase's first run). */
    static long applied(AgroalDataSource jdbc, String schema, List<String> changesets) throws SQLException {
        try (Connection c = jdbc.getConnection()) {
            try (ResultSet tables = c.getMetaData().getTables(null, schema, "databasechangelog", null)) {
                if (!tables.next()) {
                    return 0;
                }
            }
            Array ids = c.createArrayOf("text", changesets.toArray());
            try (PreparedStatement s = c.prepareStatement(CatalogChangelog.appliedSql(schema, "?"))) {
                s.setArray(1, ids);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }
    }
}
