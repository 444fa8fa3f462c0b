package io.datably.provider.pgflat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.provider.spi.BulkWrite;
import io.datably.provider.spi.TableDescriptor;
import io.datably.provider.sql.ColumnAccess;
import io.datably.provider.sql.CompactJson;
import io.datably.provider.sql.PgProvider;
import io.datably.provider.sql.PgTypes;
import io.datably.provider.sql.RegexRefusals;
import io.datably.provider.sql.Sql;
import io.datably.provider.sql.SqlAudit;
import io.datably.provider.sql.SqlBulk;
import io.datably.provider.sql.SqlSoftDelete;
import io.datably.schema.model.Field;
import io.datably.schema.model.TableSchema;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Bulk changes by filter ({@link SqlBulk}: {@code UPDATE … SET column = value … WHERE filter}) and upserts
 * ({@code INSERT … ON CONFLICT (fields) DO UPDATE}) on flat_table, values cast into columns as single writes cast them.
 */
final class FlatBulk {
    private final PgProvider.Statements statements;
    private final ObjectMapper mapper;
    private final ColumnAccess access;
    private final ValueRefusals refusals;

    FlatBulk(PgProvider.Statements statements, ObjectMapper mapper, ColumnAccess access, ValueRefusals refusals) {
        this.statements = statements;
        this.mapper = mapper;
        this.access = access;
        this.refusals = refusals;
    }

    Uni<BulkWrite.Count> changeWhere(TableDescriptor table, BulkWrite.Change change) {
        TableSchema schema = table.schema();
        ObjectNode encoded = change.changes() == null ? null : FlatTableProvider.encode(schema, change.changes());
        return SqlBulk.run(statements, table, change, FlatTableProvider.ROWS, params -> {
            params.add(json(encoded));
            String doc = "$" + params.size() + "::text::jsonb";
            List<Field> fields = schema.fields().stream().filter(f -> encoded.has(f.name())).toList();
            String set = fields.stream().map(f -> Sql.quote(f.name()) + " = " + FlatTableProvider.value(table, f, doc))
                    .collect(Collectors.joining(", "));
            // Compared as text where the column's type is only known by its text form (it may lack equality).
            String stored = fields.stream().map(f -> PgTypes.isTextForm(f) ? "t." + Sql.quote(f.name()) + "::text"
                    : "t." + Sql.quote(f.name())).collect(Collectors.joining(", "));
            String written = fields.stream().map(f -> PgTypes.isTextForm(f)
                    ? "(" + FlatTableProvider.value(table, f, doc) + ")::text" : FlatTableProvider.value(table, f, doc))
                    .collect(Collectors.joining(", "));
            return new SqlBulk.Assignments(set, "ROW(" + stored + ") IS DISTINCT FROM ROW(" + written + ")");
        }, failure -> refusals.<BulkWrite.Count>explain(table, RegexRefusals.named(failure, change.match().where()),
                encoded == null ? null : mapper.createArrayNode().add(encoded), false, null));
    }

    /**
     * One statement per run of records that give the same store-generated fields (as inserts do), in one transaction
     * when there are several. An existing record is replaced by the given one except for its primary key.
     */
    Uni<List<BulkWrite.Upserted>> upsert(TableDescriptor table, List<ObjectNode> records, List<String> conflict) {
        TableSchema schema = table.schema();
        List<List<ObjectNode>> runs = FlatTableProvider.runs(schema, records);
        ArrayNode docs = FlatTableProvider.docs(schema, records);
        return statements.transaction(connection -> {
            List<BulkWrite.Upserted> stored = new ArrayList<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (List<ObjectNode> run : runs) {
                chain = chain.chain(() -> connection.preparedQuery(upsertSql(table, run.get(0), conflict))
                        .execute(FlatTableProvider.audited(table, Tuple.of(json(FlatTableProvider.docs(schema, run)))))
                        .map(rows -> read(rows, stored)).replaceWithVoid());
            }
            return FlatTableProvider.thenSyncSequences(chain, connection, table, records).replaceWith(stored);
        }).onFailure().recoverWithUni(failure -> refusals.explain(table, failure, docs, true, null));
    }

    private static RowSet<Row> read(RowSet<Row> rows, List<BulkWrite.Upserted> into) {
        rows.forEach(row -> into.add(new BulkWrite.Upserted(CompactJson.of(row.getString(0)), row.getBoolean(1))));
        return rows;
    }

    /**
     * The INSERT of records shaped like {@code sample}, updating the record that holds the same {@code conflict}
     * values: every written column but the key's takes the new value. {@code xmax = 0} tells an inserted row from an
     * updated one (an updated row version carries the updating transaction's id).
     */
    private static String upsertSql(TableDescriptor table, ObjectNode sample, List<String> conflict) {
        TableSchema schema = table.schema();
        List<Field> fields = schema.fields().stream().filter(f -> !f.generated() || sample.has(f.name())).toList();
        String columns = fields.stream().map(f -> Sql.quote(f.name())).collect(Collectors.joining(", "));
        String values = fields.stream().map(f -> FlatTableProvider.value(table, f, "e.doc"))
                .collect(Collectors.joining(", "));
        List<String> updated = fields.stream().map(Field::name)
                .filter(name -> !conflict.contains(name) && !schema.primaryKey().contains(name)).toList();
        String set = (updated.isEmpty() ? List.of(conflict.get(0)) : updated).stream()
                .map(name -> Sql.quote(name) + " = EXCLUDED." + Sql.quote(name)).collect(Collectors.joining(", "))
                // An upsert onto a soft-deleted record restores it with the new values (README "Bulk changes").
                + (schema.softDelete() ? ", " + SqlSoftDelete.unmark() : "");
        String insert = "INSERT INTO " + Sql.table(table.physical()) + " AS t (" + columns + ") SELECT " + values
                + " FROM jsonb_array_elements($1::text::jsonb) WITH ORDINALITY AS e(doc, n) ORDER BY e.n ON CONFLICT ("
                + conflict.stream().map(Sql::quote).collect(Collectors.joining(", ")) + ") DO UPDATE SET " + set
                + " RETURNING *, (xmax = 0) AS \"datably:created\"";
        // Audited as a create or an update of each record (its state before an update is not kept).
        return "WITH stored AS (" + insert + ")" + FlatTableProvider.audit(table, 2).entries("stored",
                "CASE WHEN w.\"datably:created\" THEN 'create' ELSE 'update' END", SqlAudit.Kept.AFTER)
                + " SELECT (SELECT row_to_json(r.*) FROM (SELECT "
                + FlatTableProvider.jsonColumns(schema) + ") r)::text, "
                + "s.\"datably:created\" FROM stored s";
    }

    private String json(Object node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }
}
