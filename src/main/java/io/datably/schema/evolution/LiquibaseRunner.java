package io.datably.schema.evolution;

import io.agroal.api.AgroalDataSource;
import io.datably.config.DatablyConfig;
import io.datably.error.DatablyException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.change.AbstractSQLChange;
import liquibase.change.Change;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.ObjectQuotingStrategy;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;
import liquibase.exception.LockException;
import liquibase.lockservice.DatabaseChangeLogLock;
import liquibase.lockservice.LockService;
import liquibase.lockservice.LockServiceFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.serializer.core.yaml.YamlChangeLogSerializer;
import liquibase.sql.Sql;
import liquibase.sqlgenerator.SqlGeneratorFactory;
import liquibase.statement.SqlStatement;
import liquibase.ui.LoggerUIService;
import org.jboss.logging.Logger;

/**
 * Applies generated changelogs to a tenant's schema with Liquibase over JDBC, on a worker thread (never the event
 * loop). Liquibase's history tables live in the tenant's schema, so each tenant's changes are tracked with it.
 *
 * <p>Runs in one schema are serialized by a PostgreSQL advisory lock held by the run's JDBC session, tried once per
 * attempt (the connection goes back to the pool while the lock is held elsewhere) for at most the configured lock
 * wait, then 409 with {@code Retry-After}. Liquibase's own lock (a row in the schema's {@code databasechangeloglock})
 * is then never waited for, and a row left locked by a run that died is stale by construction: it is cleared. A
 * session that dies releases its advisory lock with it.
 */
@ApplicationScoped
public class LiquibaseRunner {
    private static final Logger LOG = Logger.getLogger(LiquibaseRunner.class);
    /** The first key of the lock on Liquibase runs in a schema ("LQBS"); the second is a hash of its name. */
    private static final int SCHEMA_CHANGELOG = 0x4C514253;
    private final AgroalDataSource dataSource;
    private final Vertx vertx;
    private final Duration maxWait;

    public LiquibaseRunner(AgroalDataSource dataSource, Vertx vertx, DatablyConfig config) {
        this.dataSource = dataSource;
        this.vertx = vertx;
        this.maxWait = config.schemaChanges().lockWait();
    }

    /**
     * One changeset to apply: a deterministic id (table + schema version) and its changes, in order.
     * {@code runInTransaction} false runs each change on its own (autocommit), for statements PostgreSQL refuses
     * inside a transaction ({@code CREATE INDEX CONCURRENTLY}).
     */
    public record ChangeSetSpec(String id, List<Change> changes, boolean runInTransaction) {
        public ChangeSetSpec(String id, List<Change> changes) {
            this(id, changes, true);
        }
    }

    /** What a changelog would do: its YAML form and the SQL Liquibase would run for it, statement per line. */
    public record Preview(String changelog, String sql) {
    }

    /**
     * Creates the schema when missing (Liquibase cannot create the schema its own tables live in), then applies the
     * changesets not yet applied there. Completes on the caller's context.
     */
    public Uni<Void> apply(String schema, String changeLogPath, List<ChangeSetSpec> changeSets) {
        Uni<Void> attempt = vertx.executeBlocking(() -> {
            applyLocked(schema, changeLogPath, changeSets);
            return null;
        }, false);
        return LockPolling.untilFree(attempt, maxWait, "this tenant's tables");
    }

    /** One attempt: Busy when another run holds the schema's lock (this connection then goes back at once). */
    private void applyLocked(String schema, String changeLogPath, List<ChangeSetSpec> changeSets) throws Exception {
        try (Connection connection = connection()) {
            if (!lock(connection, "pg_try_advisory_lock", schema)) {
                throw new LockPolling.Busy();
            }
            try {
                try (Statement statement = connection.createStatement()) {
                    // The schema name is generated from a validated tenant id ([a-z][a-z0-9_]*): safe to inline.
                    statement.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"");
                }
                Database database = DatabaseFactory.getInstance()
                        .findCorrectDatabaseImplementation(new JdbcConnection(connection));
                database.setDefaultSchemaName(schema);
                database.setLiquibaseSchemaName(schema);
                releaseStaleLock(database, schema);
                DatabaseChangeLog changeLog = changeLog(changeLogPath, changeSets);
                Liquibase liquibase = new Liquibase(changeLog, new ClassLoaderResourceAccessor(), database);
                // Liquibase prints summaries to stdout by default; route them to the log like everything else.
                Scope.child(Map.of(Scope.Attr.ui.name(), new LoggerUIService()),
                        () -> liquibase.update(new Contexts(), new LabelExpression()));
            } finally {
                releaseLeftLock(connection, schema);
                unlock(connection, schema);
            }
        }
    }

    /**
     * Liquibase's own lock row is cleared before the schema's advisory lock is: under that lock no other run of this
     * schema can hold it, and Liquibase's lock services are shared JVM-wide (one run's end resets the others'), so
     * concurrent runs in other tenants' schemas could leave this row locked. Left so, it would be released as stale
     * by the next run, with a warning, instead of never being left.
     */
    private static void releaseLeftLock(Connection connection, String schema) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            try (Statement statement = connection.createStatement()) {
                // The schema name is generated from a validated tenant id ([a-z][a-z0-9_]*): safe to inline.
                String table = "\"" + schema + "\".databasechangeloglock";
                statement.execute("DO $$ BEGIN IF to_regclass('" + table + "') IS NOT NULL THEN UPDATE " + table
                        + " SET locked = FALSE, lockgranted = NULL, lockedby = NULL WHERE locked; END IF; END $$");
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            LOG.warnf("Could not clear Liquibase's lock row in schema %s (the next run releases it): %s", schema,
                    e.getMessage());
        }
    }

    /** Runs {@code function} ({@code pg_try_advisory_lock} or {@code pg_advisory_unlock}) on the schema's key. */
    private static boolean lock(Connection connection, String function, String schema) throws SQLException {
        CRC32 hash = new CRC32();
        hash.update(schema.getBytes(StandardCharsets.UTF_8));
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?, ?)")) {
            statement.setInt(1, SCHEMA_CHANGELOG);
            statement.setInt(2, (int) hash.getValue());
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    /**
     * The pooled connection goes back to the pool with its session: the lock must not go with it. Liquibase may
     * leave the session in a failed transaction; a connection that cannot unlock is closed for good.
     */
    private static void unlock(Connection connection, String schema) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            lock(connection, "pg_advisory_unlock", schema);
        } catch (SQLException e) {
            LOG.warnf("Could not release the changelog lock of schema %s; dropping the connection: %s", schema,
                    e.getMessage());
            try {
                connection.abort(Runnable::run);
            } catch (SQLException ignored) {
                // The connection is gone: PostgreSQL released the session's locks with it.
            }
        }
    }

    /** A JDBC connection, or 503 when the pool has none to give (every one busy with other tenants' DDL). */
    private Connection connection() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            LOG.warn("No JDBC connection for a schema change: " + e.getMessage());
            throw DatablyException.unavailable("The service is busy with other schema changes; send this one "
                    + "again shortly", 5);
        }
    }

    /**
     * Under the advisory lock no other run can hold Liquibase's lock of this schema: a locked row was left by a run
     * that died (a killed instance, a lost connection), and would otherwise make every later change wait and fail.
     */
    private static void releaseStaleLock(Database database, String schema) throws LockException, DatabaseException {
        LockService lockService = LockServiceFactory.getInstance().getLockService(database);
        DatabaseChangeLogLock[] stale = lockService.listLocks();
        if (stale.length > 0) {
            LOG.warnf("Releasing a stale Liquibase lock in schema %s (held by %s since %s)", schema,
                    stale[0].getLockedBy(), stale[0].getLockGranted());
            lockService.forceReleaseLock();
        }
    }

    /**
     * The changelog's YAML and the SQL Liquibase generates for it on PostgreSQL, without a connection: what
     * {@code dry_run} shows and what the SchemaOperation history keeps.
     */
    public static Preview preview(String schema, String changeLogPath, List<ChangeSetSpec> changeSets) {
        DatabaseChangeLog changeLog = changeLog(changeLogPath, changeSets);
        try {
            ByteArrayOutputStream yaml = new ByteArrayOutputStream();
            new YamlChangeLogSerializer().write(changeLog.getChangeSets(), yaml);
            PostgresDatabase database = new PostgresDatabase();
            database.setDefaultSchemaName(schema);
            database.setObjectQuotingStrategy(ObjectQuotingStrategy.QUOTE_ALL_OBJECTS);
            StringBuilder sql = new StringBuilder();
            for (ChangeSet changeSet : changeLog.getChangeSets()) {
                for (Change change : changeSet.getChanges()) {
                    for (SqlStatement statement : change.generateStatements(database)) {
                        for (Sql line : SqlGeneratorFactory.getInstance().generateSql(statement, database)) {
                            sql.append(line.toSql()).append(";\n");
                        }
                    }
                }
            }
            return new Preview(yaml.toString(StandardCharsets.UTF_8), sql.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every SQL change here is one statement, run as given. Liquibase would otherwise split it at each ';' its own
     * parser sees outside quotes, and that parser reads a backslash as an escape (PostgreSQL's standard strings do
     * not): a name or value like {@code x\} followed by {@code ;} cut the statement in two. Nor are comments
     * stripped: {@code --} and {@code /*} inside quoted names and values are text.
     */
    private static Change asGiven(Change change) {
        if (change instanceof AbstractSQLChange sql) {
            sql.setSplitStatements(false);
            sql.setStripComments(false);
        }
        return change;
    }

    private static DatabaseChangeLog changeLog(String changeLogPath, List<ChangeSetSpec> changeSets) {
        DatabaseChangeLog changeLog = new DatabaseChangeLog(changeLogPath);
        for (ChangeSetSpec spec : changeSets) {
            ChangeSet changeSet = new ChangeSet(spec.id(), "datably", false, false, changeLogPath, null, null,
                    spec.runInTransaction(), ObjectQuotingStrategy.QUOTE_ALL_OBJECTS, changeLog);
            spec.changes().forEach(change -> changeSet.addChange(asGiven(change)));
            changeLog.addChangeSet(changeSet);
        }
        return changeLog;
    }
}
