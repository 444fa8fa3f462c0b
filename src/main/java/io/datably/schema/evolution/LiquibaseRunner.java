package io.datably.schema.evolution;

import io.agroal.api.AgroalDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.ui.LoggerUIService;
import liquibase.change.AbstractSQLChange;
import liquibase.change.Change;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.ObjectQuotingStrategy;
import liquibase.database.jvm.JdbcConnection;
import liquibase.database.core.PostgresDatabase;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.serializer.core.yaml.YamlChangeLogSerializer;
import liquibase.sql.Sql;
import liquibase.sqlgenerator.SqlGeneratorFactory;
import liquibase.statement.SqlStatement;

/**
 * Applies generated changelogs to a tenant's schema with Liquibase over JDBC, on a worker thread (never the event
 * loop). Liquibase's history tables live in the tenant's schema, so each tenant's changes are tracked with it.
 */
@ApplicationScoped
public class LiquibaseRunner {
    private final AgroalDataSource dataSource;
    private final Vertx vertx;

    public LiquibaseRunner(AgroalDataSource dataSource, Vertx vertx) {
        this.dataSource = dataSource;
        this.vertx = vertx;
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
        return vertx.executeBlocking(() -> {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    // The schema name is generated from a validated tenant id ([a-z][a-z0-9_]*): safe to inline.
                    statement.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"");
                }
                Database database = DatabaseFactory.getInstance()
                        .findCorrectDatabaseImplementation(new JdbcConnection(connection));
                database.setDefaultSchemaName(schema);
                database.setLiquibaseSchemaName(schema);
                DatabaseChangeLog changeLog = changeLog(changeLogPath, changeSets);
                Liquibase liquibase = new Liquibase(changeLog, new ClassLoaderResourceAccessor(), database);
                // Liquibase prints summaries to stdout by default; route them to the log like everything else.
                Scope.child(Map.of(Scope.Attr.ui.name(), new LoggerUIService()),
                        () -> liquibase.update(new Contexts(), new LabelExpression()));
                return null;
            }
        }, false);
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
