package io.datably.provider.sql;

import com.fasterxml.jackson.databind.node.TextNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.provider.spi.IndexDefinition;
import io.datably.provider.spi.IndexInfo;
import io.datably.provider.spi.PhysicalTable;
import io.datably.provider.spi.TableDescriptor;
import io.datably.schema.evolution.LiquibaseRunner;
import io.datably.schema.evolution.SqlFailures;
import io.datably.schema.evolution.LiquibaseRunner.ChangeSetSpec;
import io.datably.schema.model.Field;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import liquibase.change.core.RawSQLChange;
import org.jboss.logging.Logger;

/**
 * The indexes of a PostgreSQL provider's table: listed from the catalog (reactive client), built and dropped
 * {@code CONCURRENTLY}, so writes go on meanwhile, through Liquibase changesets that run outside a transaction
 * (JDBC, on a worker thread). The user's name lives in the index's comment ({@code datably:index <name>}), as the
 * physical name may be cut to fit ({@link SqlIndexDdl#physicalName}): listing reads it back. Other indexes (the
 * schema's own: key, unique constraints, search, references; or ones made outside Datably) are listed as managed
 * and never dropped here.
 */
public final class SqlIndexes {
    private static final Logger LOG = Logger.getLogger(SqlIndexes.class);
    private static final String COMMENT = "datably:index ";
    /** Every index of a table, key columns in order: the column's name (null for an expression), its text. */
    private static final String LIST = """
            SELECT c.relname, am.amname, i.indisunique, i.indisvalid, pg_get_indexdef(i.indexrelid),
                   pg_get_expr(i.indpred, i.indrelid), obj_description(i.indexrelid, 'pg_class'),
                   ARRAY(SELECT a.attname::text FROM generate_series(1, i.indnkeyatts) AS k(n)
                         LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n - 1]
                         AND a.attnum > 0 ORDER BY k.n),
                   ARRAY(SELECT pg_get_indexdef(i.indexrelid, k.n, true) FROM generate_series(1, i.indnkeyatts)
                         AS k(n) ORDER BY k.n)
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
            WHERE i.indrelid = to_regclass($1) ORDER BY c.relname""";
    private static final String TRIGRAM_SCHEMA = "SELECT n.nspname FROM pg_opclass o JOIN pg_namespace n ON "
            + "n.oid = o.opcnamespace JOIN pg_am a ON a.oid = o.opcmethod WHERE o.opcname = 'gin_trgm_ops' "
            + "AND a.amname = 'gin' ORDER BY n.nspname = 'public' DESC LIMIT 1";

    private final Pool pool;
    private final LiquibaseRunner liquibase;
    private final SqlIndexKeys keys;
    private final SqlIndexDdl ddl;

    public SqlIndexes(Pool pool, LiquibaseRunner liquibase, ColumnAccess access, SqlIndexKeys keys,
                      String providerType) {
        this.pool = pool;
        this.liquibase = liquibase;
        this.keys = keys;
        this.ddl = new SqlIndexDdl(access, keys, providerType);
    }

    public Uni<List<IndexInfo>> list(TableDescriptor table) {
        return pool.preparedQuery(LIST).execute(Tuple.of(Sql.table(table.physical()))).map(rows -> {
            List<IndexInfo> indexes = new ArrayList<>();
            rows.forEach(row -> indexes.add(info(row, table)));
            return indexes;
        }).onFailure().transform(PgErrors::translate);
    }

    /**
     * The user's name is the comment's; an index named {@code <table>_ix_…} without one is also the user's (the
     * comment is written after the build: a build interrupted by a crash leaves an INVALID index without it, which
     * must stay droppable), named by what follows the prefix.
     */
    private IndexInfo info(Row row, TableDescriptor table) {
        String physical = row.getString(0);
        String comment = row.getString(6);
        String prefix = table.physical().name() + "_ix_";
        String name = comment != null && comment.startsWith(COMMENT) ? comment.substring(COMMENT.length())
                : physical.startsWith(prefix) && physical.length() > prefix.length()
                ? physical.substring(prefix.length()) : null;
        String[] columns = row.getArrayOfStrings(7);
        String[] expressions = row.getArrayOfStrings(8);
        List<String> fields = new ArrayList<>();
        for (int k = 0; k < expressions.length; k++) {
            fields.addAll(keys.fieldsOf(columns[k], expressions[k], table.schema()));
        }
        String predicate = row.getString(5);
        return new IndexInfo(name == null ? physical : name, physical, row.getString(1), fields, row.getBoolean(2),
                predicate == null ? null : TextNode.valueOf(predicate), TextNode.valueOf(row.getString(4)),
                name == null, row.getBoolean(3));
    }

    /**
     * Builds the index and comments it with the user's name, in one changeset outside a transaction. When the build
     * fails PostgreSQL leaves an INVALID index behind: it is dropped again before the error is reported.
     */
    public Uni<String> create(TableDescriptor table, IndexDefinition index) {
        String physicalName = SqlIndexDdl.physicalName(table.physical().name(), index.name());
        String qualified = Sql.quote(table.physical().namespace()) + "." + Sql.quote(physicalName);
        return Uni.createFrom().deferred(() -> {
            ddl.check(index);
            return requireFree(qualified, physicalName)
                    .chain(() -> ddl.needsTrigrams(index) ? trigramOps(table) : Uni.createFrom().item(""))
                    .chain(ops -> {
                        String create = ddl.create(table, index, physicalName, ops);
                        String comment = "COMMENT ON INDEX " + qualified + " IS " + Sql.literal(COMMENT + index.name());
                        return changeSetId(table, "index-" + index.name()).chain(id -> apply(table, id, create, comment)
                                .onFailure().recoverWithUni(failure -> cleanUp(table, qualified, id, failure)
                                        .chain(() -> Uni.createFrom().failure(translate(failure, index,
                                                table.physical(), physicalName)))))
                                .replaceWith(create + ";\n" + comment);
                    });
        });
    }

    public Uni<String> drop(TableDescriptor table, IndexInfo index) {
        String drop = "DROP INDEX CONCURRENTLY IF EXISTS " + Sql.quote(table.physical().namespace()) + "."
                + Sql.quote(index.physicalName());
        return changeSetId(table, "drop-index-" + index.name()).chain(id -> apply(table, id, drop))
                .onFailure().transform(failure -> failure instanceof DatablyException ? failure
                        : PgErrors.providerError(SqlFailures.sqlState(failure), "dropping index '" + index.name()
                        + "': " + SqlFailures.message(failure), failure))
                .replaceWith(drop);
    }

    private Uni<Void> apply(TableDescriptor table, String id, String... statements) {
        List<liquibase.change.Change> changes = new ArrayList<>();
        for (String statement : statements) {
            changes.add(new RawSQLChange(statement)); // run as given, never split (LiquibaseRunner)
        }
        return liquibase.apply(table.physical().namespace(), changeLog(table),
                List.of(new ChangeSetSpec(id, changes, false)));
    }

    /** The table's changelog, as materialize names it, so a table's whole DDL history reads together. */
    private static String changeLog(TableDescriptor table) {
        return "datably/" + table.physical().name();
    }

    /**
     * {@code <table>-<what>-r<n>}, n the number of changesets of the table's changelog already applied. Liquibase
     * skips an id it has applied, so ids must not repeat: re-creating an index after a drop, or after a failed build
     * (whose clean-up is itself applied), must get a new one. The count grows with every applied changeset and only
     * then, so the id stays deterministic for a given history (no clocks, no random parts).
     */
    private Uni<String> changeSetId(TableDescriptor table, String what) {
        String history = Sql.quote(table.physical().namespace()) + ".databasechangelog";
        return pool.preparedQuery("SELECT to_regclass($1) IS NOT NULL").execute(Tuple.of(history))
                .chain(rows -> !rows.iterator().next().getBoolean(0) ? Uni.createFrom().item(0L)
                        : pool.preparedQuery("SELECT count(*) FROM " + history + " WHERE filename = $1")
                        .execute(Tuple.of(changeLog(table))).map(r -> r.iterator().next().getLong(0)))
                .map(count -> table.physical().name() + "-" + what + "-r" + count)
                .onFailure().transform(PgErrors::translate);
    }

    /** The name is checked free among the user's indexes by the service; here among every relation of the schema. */
    private Uni<Void> requireFree(String qualified, String physicalName) {
        return pool.preparedQuery("SELECT to_regclass($1) IS NOT NULL").execute(Tuple.of(qualified)).map(rows -> {
            if (rows.iterator().next().getBoolean(0)) {
                throw new DatablyException(ErrorCode.DUPLICATE, "The index name is taken in the store by an index or "
                        + "constraint not made through the API", List.of(new ProblemItem("name", "duplicate",
                        "is taken in the store by an index or constraint not made through the API; choose another")));
            }
            return null;
        }).onFailure().transform(PgErrors::translate).replaceWithVoid();
    }

    /**
     * The qualified name of pg_trgm's gin operator class, creating the extension (in {@code public}, where every
     * tenant's indexes can reach it) the first time it is needed. A database where it cannot be created answers 400.
     */
    private Uni<String> trigramOps(TableDescriptor table) {
        return trigramSchema().chain(schema -> schema != null ? Uni.createFrom().item(schema)
                : liquibase.apply(table.physical().namespace(), "datably/extensions", List.of(new ChangeSetSpec(
                        "pg_trgm", List.of(new RawSQLChange("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")))))
                        .onFailure().transform(failure -> trigramsUnavailable(SqlFailures.message(failure)))
                        .chain(this::trigramSchema).map(created -> {
                            if (created == null) {
                                throw trigramsUnavailable("the extension is recorded as installed but missing");
                            }
                            return created;
                        }))
                .map(schema -> Sql.quote(schema) + ".gin_trgm_ops");
    }

    private Uni<String> trigramSchema() {
        return pool.preparedQuery(TRIGRAM_SCHEMA).execute(Tuple.tuple())
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0))
                .onFailure().transform(PgErrors::translate);
    }

    private static DatablyException trigramsUnavailable(String why) {
        String message = "gin on string fields needs PostgreSQL's pg_trgm extension, which is not available here ("
                + why + ")";
        return new DatablyException(ErrorCode.UNSUPPORTED_BY_PROVIDER, message,
                List.of(new ProblemItem("type", "unsupported", message)));
    }

    /**
     * Drops what a failed build left (an INVALID index), through its own changeset. Not when the name was taken
     * meanwhile by a concurrent request (42P07): that index is the other request's.
     */
    private Uni<Void> cleanUp(TableDescriptor table, String qualified, String id, Throwable failure) {
        if ("42P07".equals(SqlFailures.sqlState(failure))) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("SELECT to_regclass($1) IS NOT NULL").execute(Tuple.of(qualified))
                .chain(rows -> rows.iterator().next().getBoolean(0)
                        ? apply(table, id + "-undo", "DROP INDEX CONCURRENTLY IF EXISTS " + qualified)
                        : Uni.createFrom().voidItem())
                .onFailure().recoverWithUni(e -> {
                    LOG.errorf(e, "Could not drop the index %s left by a failed build", qualified);
                    return Uni.createFrom().voidItem();
                });
    }

    /** A failed build as the client should see it; PostgreSQL's refusals of what the checks let through are 400s. */
    private static Throwable translate(Throwable failure, IndexDefinition index, PhysicalTable table,
                                       String physicalName) {
        String state = SqlFailures.sqlState(failure);
        String fields = index.fields().stream().map(Field::name).collect(Collectors.joining(", "));
        // PostgreSQL's text names the physical index and table (index row size … for index "app_x_items_ix_big"):
        // the client knows them as the index's and the DataTable's names.
        String message = SqlFailures.message(failure).replace(physicalName, index.name())
                .replace(table.namespace() + ".", "").replace(table.name(), "the table");
        if (state == null) {
            return failure instanceof DatablyException ? failure : PgErrors.providerError(null, "building index '"
                    + index.name() + "': " + message, failure);
        }
        if (state.startsWith("22")) {
            // A data exception: a value the checks let through that PostgreSQL cannot read in the predicate or keys.
            String culprit = index.where() == null ? "fields" : "where";
            return new DatablyException(ErrorCode.INVALID_FIELD, "PostgreSQL cannot build index '" + index.name()
                    + "': " + message, List.of(new ProblemItem(culprit, "invalid", message)));
        }
        return switch (state) {
            case "23505" -> new DatablyException(ErrorCode.DUPLICATE, "Unique index '" + index.name()
                    + "' cannot be built: duplicates exist in (" + fields + ")", index.fields().stream().map(f ->
                    new ProblemItem(f.name(), "unique", "duplicates exist: several records hold the same value"
                    + (index.fields().size() > 1 ? "s" : "") + (index.where() == null ? ""
                    : " where the predicate holds"))).toList());
            case "42P07" -> new DatablyException(ErrorCode.DUPLICATE, "Index '" + index.name() + "' already exists",
                    List.of(new ProblemItem("name", "duplicate", "an index of that name already exists")));
            case "54000" -> new DatablyException(ErrorCode.CONFLICT, "Index '" + index.name() + "' cannot be built: "
                    + message, List.of(new ProblemItem(fields, "too_large", message)));
            case "42P17", "0A000", "42704", "42804", "42883", "42809", "42P16" -> new DatablyException(
                    ErrorCode.INVALID_FIELD, "PostgreSQL cannot build index '" + index.name() + "': " + message,
                    List.of(new ProblemItem(message.contains("predicate") ? "where" : "fields", "invalid", message)));
            default -> PgErrors.providerError(state, "building index '" + index.name() + "': " + message, failure);
        };
    }
}
