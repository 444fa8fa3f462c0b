package io.datably.provider.pgjsonb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.provider.spi.BulkWrite;
import io.datably.provider.spi.TableDescriptor;
import io.datably.provider.sql.ColumnAccess;
import io.datably.provider.sql.CompactJson;
import io.datably.provider.sql.PgErrors;
import io.datably.provider.sql.PgProvider;
import io.datably.provider.sql.RegexRefusals;
import io.datably.provider.sql.Sql;
import io.datably.provider.sql.SqlAudit;
import io.datably.provider.sql.SqlBulk;
import io.datably.provider.sql.SqlSoftDelete;
import io.datably.schema.model.TableSchema;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Bulk changes by filter ({@link SqlBulk}: {@code data = data || changes}, as a single PATCH merges) and upserts on
 * jsonb: {@code ON CONFLICT (key)} for the primary key, or on the expressions of the unique index that enforces a
 * unique field or key ({@link JsonbTableProvider#indexExpression}), which PostgreSQL infers the index from.
 */
final class JsonbBulk {
    private final PgProvider.Statements statements;
    private final ObjectMapper mapper;
    private final ColumnAccess access;
    private final JsonbTableProvider provider;

    JsonbBulk(PgProvider.Statements statements, ObjectMapper mapper, ColumnAccess access,
              JsonbTableProvider provider) {
        this.statements = statements;
        this.mapper = mapper;
        this.access = access;
        this.provider = provider;
    }

    Uni<BulkWrite.Count> changeWhere(TableDescriptor table, BulkWrite.Change change) {
        return SqlBulk.run(statements, table, change, provider, params -> {
            params.add(json(change.changes()));
            String merged = "(t.data || $" + params.size() + "::text::jsonb)";
            return new SqlBulk.Assignments("data = " + merged + ", updated_at = now()",
                    merged + " IS DISTINCT FROM t.data");
        }, failure -> Uni.createFrom().failure(PgErrors.translate(RegexRefusals.named(failure,
                change.match().where()), table, "key")));
    }

    /**
     * One statement. An existing record is replaced by the given one except for its primary key, which stays (the
     * {@code key} column addresses it).
     */
    Uni<List<BulkWrite.Upserted>> upsert(TableDescriptor table, List<ObjectNode> records, List<String> conflict) {
        TableSchema schema = table.schema();
        ArrayNode rows = mapper.createArrayNode();
        for (ObjectNode record : records) {
            ArrayNode row = rows.addArray();
            row.add(schema.primaryKey().isEmpty() ? null : provider.keyText(schema, record));
            row.add(record);
        }
        String target = schema.primaryKey().isEmpty() ? " (data) SELECT e.row -> 1"
                : " (key, data) SELECT e.row ->> 0, e.row -> 1";
        String onConflict = conflict.equals(schema.primaryKey()) ? "key"
                : conflict.stream().map(name -> JsonbTableProvider.indexExpression(schema.field(name).orElseThrow()))
                .collect(Collectors.joining(", "));
        String keptKey = schema.primaryKey().isEmpty() ? "" : " || jsonb_build_object(" + schema.primaryKey().stream()
                .map(pk -> Sql.literal(pk) + ", t.data -> " + Sql.literal(pk)).collect(Collectors.joining(", ")) + ")";
        String sql = "INSERT INTO " + Sql.table(table.physical()) + " AS t" + target
                + " FROM jsonb_array_elements($1::text::jsonb) WITH ORDINALITY AS e(row, n) ORDER BY e.n"
                + " ON CONFLICT (" + onConflict + ") DO UPDATE SET data = EXCLUDED.data" + keptKey
                + ", updated_at = now()"
                // An upsert onto a soft-deleted record restores it with the new values (README "Bulk changes").
                + (schema.softDelete() ? ", " + SqlSoftDelete.unmark() : "")
                + " RETURNING *, (xmax = 0) AS \"datably:created\"";
        // Audited as a create or an update of each record (its state before an update is not kept).
        String audited = "WITH stored AS (" + sql + ")" + provider.audit(table, 2).entries("stored",
                "CASE WHEN w.\"datably:created\" THEN 'create' ELSE 'update' END", SqlAudit.Kept.AFTER)
                + " SELECT data::text, \"datably:created\" FROM stored";
        return statements.client().preparedQuery(audited).execute(provider.audited(table, Tuple.of(json(rows))))
                .map(result -> {
                    List<BulkWrite.Upserted> out = new ArrayList<>();
                    result.forEach(row -> out.add(new BulkWrite.Upserted(CompactJson.of(row.getString(0)),
                            row.getBoolean(1))));
                    return out;
                }).onFailure().transform(failure -> PgErrors.translate(failure, table, "key"));
    }

    private String json(Object node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }
}
