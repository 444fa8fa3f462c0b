package io.datably.provider.sql;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.provider.spi.BulkWrite;
import io.datably.provider.spi.TableDescriptor;
import io.datably.schema.model.SoftDelete;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A bulk change by filter on PostgreSQL as one statement: a CTE counts the matched rows, and the UPDATE or DELETE
 * runs only when that count is within the ceiling, so the check and the write see the same snapshot and nothing is
 * half-applied. An UPDATE skips rows whose values would not change (so {@code changed} is exact) and, when the caller's
 * row filter must still hold after the change, reports the rows that would leave it; then the transaction is rolled
 * back.
 */
public final class SqlBulk {

    /**
     * How a provider writes the change: {@code set} the SET list, {@code differs} a condition on alias {@code t} true
     * where a row's stored values differ from what SET would make them. Values are parameters added to the list the
     * provider is given.
     */
    public record Assignments(String set, String differs) {
    }

    /** Whether a changed row stays within the caller's reach (a name no column of a table can clash with). */
    private static final String KEPT = "\"datably:kept\"";
    private static final com.fasterxml.jackson.databind.ObjectMapper READER =
            new com.fasterxml.jackson.databind.ObjectMapper().setNodeFactory(Json.FACTORY);

    private SqlBulk() {
    }

    /**
     * @param rendering   the provider's rows (what its audit entries keep of them)
     * @param assignments the provider's SET and "differs" for {@code change.changes()}, adding their parameters
     * @param errors      the provider's translation of a failed statement (duplicates, broken references...)
     */
    public static Uni<BulkWrite.Count> run(PgProvider.Statements statements, TableDescriptor table,
                                           BulkWrite.Change change, RowRendering rendering,
                                           Function<List<Object>, Assignments> assignments,
                                           Function<Throwable, Uni<? extends BulkWrite.Count>> errors) {
        ColumnAccess access = rendering.access();
        SqlQueryCompiler.Compiled compiled = SqlQueryCompiler.compile(change.match(), access, null);
        List<Object> params = new ArrayList<>(compiled.countParams());
        String where = compiled.countWhere();
        String rows = Sql.table(table.physical());
        Assignments update = change.changes() == null ? null : assignments.apply(params);
        if (change.dryRun()) {
            String sql = "SELECT count(*), count(*) FILTER (WHERE " + (update == null ? "TRUE" : update.differs())
                    + ") FROM " + rows + " AS t WHERE " + where;
            return statements.client().preparedQuery(sql).execute(Tuple.tuple(params)).map(result -> {
                Row row = result.iterator().next();
                return new BulkWrite.Count(row.getLong(0), row.getLong(1), 0, false);
            }).onFailure().recoverWithUni(errors);
        }
        params.add(change.maxRecords());
        String max = "$" + params.size();
        boolean checksKeep = update != null && change.keep() != null;
        String keep = checksKeep ? SqlQueryCompiler.condition(change.keep(), access, params) : "TRUE";
        String write = change.mark() != null ? mark(rows, where, max, change.mark(), params)
                : update == null
                ? "DELETE FROM " + rows + " AS t WHERE (" + where + ") AND (SELECT matched FROM n) <= " + max
                        + " RETURNING t.*, TRUE AS " + KEPT
                : "UPDATE " + rows + " AS t SET " + update.set() + " WHERE (" + where + ") AND (SELECT matched FROM n) <= "
                        + max + " AND (" + update.differs() + ") RETURNING t.*, (" + keep + ") IS TRUE AS " + KEPT;
        // Each changed record's audit entry is written by the same statement (a rolled-back change leaves none).
        SqlAudit audit = new SqlAudit(table, rendering, params.size() + 1);
        String entries = change.mark() != null ? audit.entries("w", "'soft_delete'", SqlAudit.Kept.BEFORE)
                : update == null ? audit.entries("w", "'delete'", SqlAudit.Kept.BEFORE)
                : audit.updates("w", where, table.schema().fields().stream()
                        .filter(f -> change.changes().has(f.name())).toList());
        params.addAll(audit.params());
        String sql = "WITH n AS (SELECT count(*) AS matched FROM " + rows + " AS t WHERE " + where + "), w AS ("
                + write + ")" + entries + " SELECT (SELECT matched FROM n), (SELECT count(*) FROM w), "
                + "(SELECT count(*) FROM w WHERE NOT " + KEPT + ")" + removed(table, change, rendering);
        Tuple tuple = Tuple.tuple(params);
        if (!checksKeep) {
            return statements.client().preparedQuery(sql).execute(tuple).map(result -> count(result.iterator().next(),
                    change.maxRecords())).onFailure().recoverWithUni(errors);
        }
        // A row that would leave the caller's reach rolls the whole change back: the transaction fails on purpose.
        return statements.transaction(connection -> connection.preparedQuery(sql).execute(tuple).map(result -> {
            BulkWrite.Count count = count(result.iterator().next(), change.maxRecords());
            if (count.escaped() > 0) {
                throw new Escaped(count);
            }
            return count;
        })).onFailure(Escaped.class).recoverWithItem(failure -> ((Escaped) failure).count)
                .onFailure().recoverWithUni(errors);
    }

    /**
     * A bulk delete on a soft-delete table: the matched records (live ones: the planner's where says so) get the
     * marker, both providers keeping it in the same two columns ({@link SoftDelete}).
     */
    private static String mark(String rows, String where, String max, BulkWrite.Mark mark, List<Object> params) {
        params.add(java.time.OffsetDateTime.ofInstant(mark.at(), java.time.ZoneOffset.UTC));
        params.add(mark.by());
        return "UPDATE " + rows + " AS t SET " + Sql.quote(SoftDelete.DELETED_AT) + " = $" + (params.size() - 1) + ", "
                + Sql.quote(SoftDelete.DELETED_BY) + " = $" + params.size() + " WHERE (" + where
                + ") AND (SELECT matched FROM n) <= " + max + " RETURNING t.*, TRUE AS " + KEPT;
    }

    /**
     * A delete asked for its removed records' {@code removedFields}: a fourth column, their JSON objects as one text
     * array. Built from the typed values with {@code json} functions, not rendered as records are (that costs twice
     * as much on 100,000 jsonb rows): the values are looked up again, cast to the fields' types, not shown as records.
     */
    private static String removed(TableDescriptor table, BulkWrite.Change change, RowRendering rendering) {
        if (change.removedFields().isEmpty() || change.changes() != null || change.mark() != null) {
            return "";
        }
        String members = change.removedFields().stream().map(name -> Sql.literal(name) + ", "
                + rendering.access().column("w", table.schema().field(name).orElseThrow()))
                .collect(java.util.stream.Collectors.joining(", "));
        return ", (SELECT coalesce(json_agg(json_build_object(" + members + ")), '[]'::json)::text FROM w)";
    }

    private static BulkWrite.Count count(Row row, long max) {
        long matched = row.getLong(0);
        long escaped = row.getLong(2);
        List<ObjectNode> removed = row.size() > 3 ? removedRecords(row.getString(3)) : List.of();
        return new BulkWrite.Count(matched, escaped > 0 ? 0 : row.getLong(1), escaped, matched <= max && escaped == 0,
                removed);
    }

    private static List<ObjectNode> removedRecords(String json) {
        List<ObjectNode> records = new ArrayList<>();
        try {
            for (com.fasterxml.jackson.databind.JsonNode record : READER.readTree(json)) {
                records.add((ObjectNode) record);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Unreadable JSON from PostgreSQL", e);
        }
        return records;
    }

    /** Carries the counts out of a transaction rolled back because rows would leave the caller's reach. */
    private static final class Escaped extends RuntimeException {
        private final transient BulkWrite.Count count;

        Escaped(BulkWrite.Count count) {
            super(null, null, false, false);
            this.count = new BulkWrite.Count(count.matched(), 0, count.escaped(), false);
        }
    }
}
