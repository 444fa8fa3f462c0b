package io.datably.provider.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.ProblemItem;
import io.datably.provider.spi.BulkLoad;
import io.datably.provider.spi.DataProvider;
import io.datably.provider.spi.graph.Graph;
import io.datably.provider.sql.graph.SqlGraph;
import io.datably.provider.spi.IndexDefinition;
import io.datably.provider.spi.IndexInfo;
import io.datably.provider.spi.NulCharacters;
import io.datably.provider.spi.RecordPage;
import io.datably.provider.spi.TableDescriptor;
import io.datably.provider.spi.TableStats;
import io.datably.query.plan.BoundQuery;
import io.datably.schema.model.Field;
import io.datably.schema.model.TableSchema;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the two PostgreSQL providers share: running statements ({@link Statements}: on the reactive pool, or on the
 * connection of a transaction the caller holds) with errors translated, reading the JSON text PostgreSQL built,
 * paging, and table statistics.
 */
public abstract class PgProvider implements DataProvider, RowRendering {
    /** The pool, for what takes a connection of its own whoever runs the records' statements (loads, indexes). */
    protected final Pool pool;
    /** Where record statements run: the pool, or one transaction's connection ({@link #atomically}). */
    protected final Statements statements;
    protected final ObjectMapper mapper;

    protected PgProvider(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.statements = new Statements(pool, null);
        this.mapper = mapper;
    }

    /** A copy of {@code base} whose record statements run on {@code statements}' connection. */
    protected PgProvider(PgProvider base, Statements statements) {
        this.pool = base.pool;
        this.statements = statements;
        this.mapper = base.mapper;
    }

    /**
     * Where a provider's record statements run. On the pool, each statement takes a connection and a transaction
     * ({@link #transaction}) one of its own. Bound to {@code connection} (a batch's transaction), every statement runs
     * there, and what a provider call runs as a transaction of its own becomes a savepoint in the caller's: it is
     * still all or nothing, and only the caller's commit makes it last.
     */
    public record Statements(Pool pool, SqlConnection connection) {
        public SqlClient client() {
            return connection == null ? pool : connection;
        }

        public <T> Uni<T> transaction(Function<SqlConnection, Uni<T>> work) {
            if (connection == null) {
                return pool.withTransaction(work);
            }
            return connection.query("SAVEPOINT datably_call").execute()
                    .chain(() -> work.apply(connection))
                    .call(() -> connection.query("RELEASE SAVEPOINT datably_call").execute())
                    .onFailure().call(() -> connection.query("ROLLBACK TO SAVEPOINT datably_call").execute()
                            .onFailure().recoverWithNull());
        }
    }

    /** This provider with its record statements on {@code statements} (the connection of a transaction). */
    protected abstract PgProvider on(Statements statements);

    /**
     * One PostgreSQL transaction on one connection of the pool: {@code work} gets this provider bound to it, so every
     * statement of every provider call it makes (reads included: they see its earlier writes) is part of it; committed
     * when {@code work} succeeds, rolled back when it fails. Already bound, {@code work} joins the transaction.
     */
    @Override
    public <T> Uni<T> atomically(Function<DataProvider, Uni<T>> work) {
        if (statements.connection() != null) {
            return work.apply(this);
        }
        return pool.withTransaction(connection -> work.apply(on(new Statements(pool, connection))));
    }

    @Override
    public void checkAvailable() {
        // PostgreSQL is the service's own database: always there.
    }

    /**
     * PostgreSQL text and jsonb cannot hold the NUL character, in values or in object keys; numbers and integers
     * beyond the columns' types are refused too ({@link PgValueLimits}).
     */
    @Override
    public List<ProblemItem> recordProblems(TableSchema schema, ObjectNode record) {
        List<ProblemItem> problems = new ArrayList<>(NulCharacters.problems(record, true,
                "PostgreSQL cannot store the NUL character (\\u0000)"));
        problems.addAll(capabilities().limits().problems(schema, record));
        return problems;
    }

    protected Uni<RowSet<Row>> run(String sql, Tuple params) {
        return execute(sql, params).onFailure().transform(PgErrors::translate);
    }

    /** Like {@link #run}, with the failure left as PostgreSQL reported it, for a caller that explains it itself. */
    protected Uni<RowSet<Row>> execute(String sql, Tuple params) {
        return statements.client().preparedQuery(sql).execute(params);
    }

    /** The first column of each row, as text (the JSON PostgreSQL rendered). */
    protected Uni<List<String>> texts(String sql, Tuple params) {
        return run(sql, params).map(PgProvider::firstColumn);
    }

    /** The first column of each row, as text (JSON made compact: {@link CompactJson}). */
    protected static List<String> firstColumn(RowSet<Row> rows) {
        List<String> out = new ArrayList<>(rows.size());
        rows.forEach(row -> out.add(CompactJson.of(row.getString(0))));
        return out;
    }

    protected Uni<Optional<String>> firstText(String sql, Tuple params) {
        return texts(sql, params).map(list -> list.isEmpty() ? Optional.empty() : Optional.of(list.get(0)));
    }

    /**
     * Runs a bound query: one statement for the page (with its expansions), one for the count when asked.
     * The inner query carries each row whole ({@code ROW(t.*)} cast to the table's row type: a bare {@code t} would
     * mean a column if a field is named "t"), so JSON is rendered only for the rows of the page, in page order, and
     * no field name can clash with the row number's.
     */
    @Override
    public Uni<RecordPage> query(TableDescriptor table, BoundQuery query) {
        SqlQueryCompiler.Compiled compiled = SqlQueryCompiler.compile(query, access(),
                table.schema().primaryKey().isEmpty() ? rowIdentity("t", table.schema()) : null);
        String from = Sql.table(table.physical()) + " AS t WHERE " + compiled.where();
        String document = document("(p.r)", table.schema(), query.fields(),
                SqlExpandCompiler.members(query.expand(), "(p.r)", this));
        String pageSql = "SELECT coalesce(json_agg(" + document + " ORDER BY p.n), '[]'::json)::text, count(*) "
                + "FROM (SELECT ROW(t.*)::" + Sql.table(table.physical()) + " AS r, row_number() OVER (ORDER BY "
                + compiled.orderBy() + ") AS n FROM " + from + " ORDER BY " + compiled.orderBy() + " LIMIT "
                + compiled.nextParam(1) + " OFFSET " + compiled.nextParam(2) + ") p";
        Tuple pageParams = Tuple.tuple(new ArrayList<>(compiled.params())).addInteger(query.limit())
                .addLong(query.offset());
        Uni<Row> results = run(pageSql, pageParams).map(rows -> rows.iterator().next());
        // The count reads the filter without a keyset's "after the cursor": the same total on every page.
        String counted = Sql.table(table.physical()) + " AS t WHERE " + compiled.countWhere();
        Uni<Long> count = switch (query.count()) {
            case NONE -> Uni.createFrom().item(-1L);
            case EXACT -> exactCount(counted, compiled);
            case PLANNED -> plannedCount(table, counted, compiled);
        };
        return results.chain(page -> count.map(total -> new RecordPage(total, CompactJson.of(page.getString(0)),
                        page.getInteger(1))))
                .onFailure().transform(failure -> RegexRefusals.named(failure, query.where()));
    }

    /**
     * A read by key shaped like a list's record (fields, expansions), within a row filter: one statement, the key
     * matched by {@code keyCondition} on alias {@code t} with {@code keyParam} as {@code $1}, the filter's values
     * after it.
     */
    protected Uni<Optional<String>> findShaped(TableDescriptor table, String keyCondition, Object keyParam,
                                               BoundQuery read) {
        List<Object> params = new ArrayList<>(List.of(keyParam));
        String where = keyCondition + (read.where() == null ? ""
                : " AND " + SqlQueryCompiler.condition(read.where(), access(), params));
        String document = document("(p.r)", table.schema(), read.fields(),
                SqlExpandCompiler.members(read.expand(), "(p.r)", this));
        String sql = "SELECT (" + document + ")::text FROM (SELECT ROW(t.*)::" + Sql.table(table.physical())
                + " AS r FROM " + Sql.table(table.physical()) + " AS t WHERE " + where + ") p";
        return execute(sql, Tuple.tuple(params)).map(rows -> firstColumn(rows).stream().findFirst());
    }

    /** Runs a bound aggregate as one statement; PostgreSQL renders the result rows as JSON (SqlAggregateCompiler). */
    @Override
    public Uni<String> aggregate(TableDescriptor table, io.datably.query.plan.BoundAggregate aggregate) {
        SqlAggregateCompiler.Compiled compiled = SqlAggregateCompiler.compile(aggregate, Sql.table(table.physical()),
                access());
        return run(compiled.sql(), Tuple.tuple(new ArrayList<>(compiled.params())))
                .map(rows -> CompactJson.of(rows.iterator().next().getString(0)))
                .onFailure().transform(failure -> RegexRefusals.named(failure, aggregate.where()));
    }

    private Uni<Long> exactCount(String from, SqlQueryCompiler.Compiled compiled) {
        return run("SELECT count(*) FROM " + from, Tuple.tuple(new ArrayList<>(compiled.countParams())))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * PostgreSQL's own estimate, for very large tables where count(*) costs a scan: table statistics without a
     * filter, the planner's row estimate with one. A never-analyzed table falls back to the exact count.
     */
    private Uni<Long> plannedCount(TableDescriptor table, String from, SqlQueryCompiler.Compiled compiled) {
        if (compiled.countParams().isEmpty() && compiled.countWhere().equals("TRUE")) {
            return run("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass($1)",
                    Tuple.of(Sql.table(table.physical()))).chain(rows -> {
                        long estimate = rows.iterator().next().getLong(0);
                        return estimate >= 0 ? Uni.createFrom().item(estimate) : exactCount(from, compiled);
                    });
        }
        return run("EXPLAIN (FORMAT JSON) SELECT 1 FROM " + from,
                Tuple.tuple(new ArrayList<>(compiled.countParams())))
                .map(rows -> {
                    try {
                        JsonNode plan = mapper.readTree(String.valueOf(rows.iterator().next().getValue(0)));
                        return plan.path(0).path("Plan").path("Plan Rows").asLong();
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("Unreadable EXPLAIN output", e);
                    }
                });
    }

    @Override
    public Uni<TableStats> stats(TableDescriptor table) {
        String qualified = Sql.table(table.physical());
        return run("SELECT count(*), coalesce(pg_total_relation_size(to_regclass($1)), 0) FROM " + qualified,
                Tuple.of(qualified)).map(rows -> {
                    Row row = rows.iterator().next();
                    return new TableStats(row.getLong(0), row.getLong(1));
                });
    }

    /** Index management over this provider's index keys (see {@link SqlIndexes}). */
    protected abstract SqlIndexes indexes();

    @Override
    public Uni<List<IndexInfo>> listIndexes(TableDescriptor table) {
        return indexes().list(table);
    }

    @Override
    public Uni<String> createIndex(TableDescriptor table, IndexDefinition index) {
        return indexes().create(table, index);
    }

    @Override
    public Uni<String> dropIndex(TableDescriptor table, IndexInfo index) {
        return indexes().drop(table, index);
    }

    // --- Hierarchies (issue 15): one recursive statement per walk (SqlHierarchy) ---

    @Override
    public Uni<io.datably.provider.spi.traversal.Hierarchy.Answer> descendants(TableDescriptor table,
                                                                     io.datably.provider.spi.traversal.Hierarchy.Walk walk) {
        io.datably.provider.sql.traversal.SqlHierarchy.Statement statement = io.datably.provider.sql.traversal.SqlHierarchy.descendants(table, this, walk);
        return bounded(statement, walk.bounds().timeout()).map(row -> new io.datably.provider.spi.traversal.Hierarchy.Answer(
                row.getLong(0), row.getLong(1), row.getBoolean(2), CompactJson.of(row.getString(3))))
                .onFailure().transform(failure -> RegexRefusals.named(failure, walk.result().where()));
    }

    @Override
    public Uni<io.datably.provider.spi.traversal.Hierarchy.Answer> ancestors(TableDescriptor table,
                                                                   io.datably.provider.spi.traversal.Hierarchy.Climb climb) {
        io.datably.provider.sql.traversal.SqlHierarchy.Statement statement = io.datably.provider.sql.traversal.SqlHierarchy.ancestors(table, this, climb);
        return bounded(statement, climb.bounds().timeout()).map(row -> new io.datably.provider.spi.traversal.Hierarchy.Answer(
                row.getLong(0), -1, row.getBoolean(1), CompactJson.of(row.getString(2))));
    }

    /**
     * Runs one walk's statement under a statement timeout: {@code SET LOCAL} holds for its transaction only, so the
     * pooled connection goes back with the server's default. A walk cut by it is a 503 naming the timeout.
     */
    private Uni<Row> bounded(io.datably.provider.sql.traversal.SqlHierarchy.Statement statement, java.time.Duration timeout) {
        long millis = Math.max(1, timeout.toMillis());
        return statements.transaction(connection -> connection.query("SET LOCAL statement_timeout = " + millis)
                        .execute().chain(() -> connection.preparedQuery(statement.sql())
                                .execute(Tuple.tuple(new ArrayList<>(statement.params())))))
                .map(rows -> rows.iterator().next())
                .onFailure(failure -> failure instanceof io.vertx.pgclient.PgException pg
                        && "57014".equals(pg.getSqlState()))
                .transform(failure -> io.datably.error.DatablyException.unavailable("The traversal took longer "
                        + "than the statement timeout (datably.traversal.statement-timeout, " + millis + " ms); "
                        + "ask for less (max_depth, limit, filters)", 1))
                .onFailure().transform(PgErrors::translate);
    }

    // --- Import (issue 14: import and export) ---

    /** One transaction on one connection of the pool, held until the load is committed or aborted. */
    @Override
    public Uni<BulkLoad> openLoad(TableDescriptor table) {
        return pool.getConnection().chain(connection -> connection.begin()
                .onFailure().call(connection::close)
                .map(transaction -> new PgBulkLoad(connection, transaction,
                        records -> loadBatch(connection, table, records), on(new Statements(pool, connection)))));
    }

    /** Inserts a batch of an import on its load's connection (in its transaction), errors translated. */
    protected abstract Uni<Void> loadBatch(SqlConnection connection, TableDescriptor table, List<ObjectNode> records);

    // --- Audit trail (issue 14): entries written with each change (SqlAudit); read, appended and pruned here ---

    @Override
    public Uni<Void> prepareAudit(String namespace) {
        return pool.withTransaction(connection -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String statement : SqlAudit.ddl(namespace)) {
                chain = chain.chain(() -> connection.query(statement).execute().replaceWithVoid());
            }
            return chain;
        }).onFailure().transform(PgErrors::translate);
    }

    @Override
    public Uni<RecordPage> auditEntries(String namespace, io.datably.provider.spi.Audit.Query query) {
        List<Object> params = new ArrayList<>();
        params.add(query.tableId());
        StringBuilder where = new StringBuilder("table_id = $1");
        if (query.recordKey() != null) {
            params.add(json(query.recordKey()));
            where.append(" AND record_key = $").append(params.size()).append("::text::jsonb");
        }
        if (query.actor() != null) {
            params.add(query.actor());
            where.append(" AND actor = $").append(params.size());
        }
        if (query.action() != null) {
            params.add(query.action());
            where.append(" AND action = $").append(params.size());
        }
        if (query.since() != null) {
            params.add(java.time.OffsetDateTime.ofInstant(query.since(), java.time.ZoneOffset.UTC));
            where.append(" AND at >= $").append(params.size());
        }
        if (query.until() != null) {
            params.add(java.time.OffsetDateTime.ofInstant(query.until(), java.time.ZoneOffset.UTC));
            where.append(" AND at < $").append(params.size());
        }
        String from = SqlAudit.audit(namespace) + " WHERE " + where;
        String direction = query.oldestFirst() ? "" : " DESC";
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(query.limit());
        pageParams.add(query.offset());
        String page = "SELECT coalesce(json_agg(json_build_object('id', e.id, 'at', to_char(e.at AT TIME ZONE 'UTC', "
                + "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), 'table', e.table_name, 'table_id', e.table_id, "
                + "'record_key', e.record_key, 'action', e.action, 'actor', e.actor, 'request_id', e.request_id, "
                + "'before', e.before, 'after', e.after, 'details', e.details) ORDER BY e.id" + direction
                + "), '[]')::text FROM (SELECT * FROM " + from + " ORDER BY id" + direction + " LIMIT $"
                + (pageParams.size() - 1) + " OFFSET $" + pageParams.size() + ") e";
        return run(page, Tuple.tuple(pageParams)).map(rows -> CompactJson.of(rows.iterator().next().getString(0)))
                .chain(json -> run("SELECT count(*) FROM " + from, Tuple.tuple(params))
                        .map(rows -> new RecordPage(rows.iterator().next().getLong(0), json)));
    }

    @Override
    public Uni<Void> appendAudit(String namespace, io.datably.provider.spi.Audit.Entry entry) {
        var stamp = entry.stamp();
        return run("INSERT INTO " + SqlAudit.audit(namespace) + " (table_id, table_name, record_key, action, actor, "
                + "request_id, before, after, details) VALUES ($1, $2, $3::text::jsonb, $4, $5, $6, $7::text::jsonb, "
                + "$8::text::jsonb, $9::text::jsonb)", Tuple.tuple(java.util.Arrays.asList(stamp.tableId(),
                stamp.tableName(), jsonOrNull(entry.recordKey()), entry.action(), stamp.actor(), stamp.requestId(),
                jsonOrNull(entry.before()), jsonOrNull(entry.after()), jsonOrNull(entry.details()))))
                .replaceWithVoid();
    }

    @Override
    public Uni<Long> pruneAudit(String namespace, java.time.Instant cutoff) {
        return run("DELETE FROM " + SqlAudit.audit(namespace) + " WHERE at < $1",
                Tuple.of(java.time.OffsetDateTime.ofInstant(cutoff, java.time.ZoneOffset.UTC)))
                .map(rows -> (long) rows.rowCount());
    }

    // --- Graphs (issue 15): a walk is one recursive CTE, a level one statement (SqlGraph) ---

    @Override
    public Uni<Graph.Walked> walkGraph(Graph.Walk walk) {
        SqlGraph.Statement statement = SqlGraph.walk(walk, this);
        return bounded(statement, walk.timeout()).map(rows -> {
            JsonNode answer = parse(rows.iterator().next().getString(0));
            List<Graph.Visit> visits = new ArrayList<>();
            for (JsonNode visit : answer.path("visits")) {
                List<JsonNode> path = new ArrayList<>();
                visit.path("path").forEach(path::add);
                visits.add(new Graph.Visit(visit.get("key"), visit.path("depth").asInt(),
                        path, (ObjectNode) visit.get("record")));
            }
            return new Graph.Walked(visits, answer.path("over").asBoolean());
        });
    }

    @Override
    public Uni<List<Graph.Hop>> graphLevel(Graph.Level level) {
        if (level.frontier().isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return bounded(SqlGraph.level(level, this), level.timeout()).map(rows -> {
            List<Graph.Hop> hops = new ArrayList<>();
            rows.forEach(row -> {
                JsonNode hop = parse(row.getString(0));
                hops.add(new Graph.Hop(hop.get("from"), hop.get("to"),
                        hop.get("weight").isNull() ? null : hop.get("weight"), (ObjectNode) hop.get("edge")));
            });
            return hops;
        });
    }

    /**
     * A read-only statement under a statement timeout of its own ({@code SET LOCAL} in a transaction of its own, or a
     * savepoint of the caller's); a statement cancelled by it is a 503 naming the setting.
     */
    private Uni<RowSet<Row>> bounded(SqlGraph.Statement statement, java.time.Duration timeout) {
        long millis = Math.max(1, timeout.toMillis());
        return statements.transaction(connection -> connection.query("SET LOCAL statement_timeout = " + millis)
                .execute().chain(() -> connection.preparedQuery(statement.sql())
                        .execute(Tuple.tuple(new ArrayList<>(statement.params())))))
                .onFailure().transform(failure -> {
                    if (failure instanceof io.vertx.pgclient.PgException pg && "57014".equals(pg.getSqlState())) {
                        return new io.datably.error.DatablyException(io.datably.error.ErrorCode.UNAVAILABLE,
                                "The traversal ran longer than datably.traversal.statement-timeout (" + millis
                                        + " ms) and was cancelled; ask for less (max_depth, limit, filters)");
                    }
                    return PgErrors.translate(failure);
                });
    }

    private JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable JSON from PostgreSQL", e);
        }
    }

    private String jsonOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : json(node);
    }

    protected String json(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }
}
