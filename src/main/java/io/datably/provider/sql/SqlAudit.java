package io.datably.provider.sql;

import io.datably.provider.spi.Audit;
import io.datably.provider.spi.PhysicalTable;
import io.datably.provider.spi.TableDescriptor;
import io.datably.schema.model.Field;
import io.datably.schema.model.TableSchema;
import java.util.Arrays;
import java.util.List;

/**
 * The audit trail of record changes on PostgreSQL: one table per tenant schema ({@value #TABLE}), written by the same
 * statement as the change, as one more data-modifying CTE reading the rows the change returned. So a change and its
 * entries commit or roll back together, and auditing costs no extra round trip.
 *
 * <p>A write builds its statement as {@code WITH [before AS (…),] w AS (<change> RETURNING *), <entries> SELECT …}:
 * {@link #before} (the changed records as the statement's snapshot saw them, for updates), {@link #entries} (what to
 * record). Without an {@link Audit.Stamp} on the descriptor both are empty and the statement is the change alone.
 */
public final class SqlAudit {
    public static final String TABLE = "_datably_audit";
    private static final String BEFORE = "\"datably:before\"";

    /** What an entry keeps of the changed record: its new state, its old one, or both. */
    public enum Kept { AFTER, BEFORE, BOTH }

    private final TableDescriptor table;
    private final RowRendering rendering;
    private final int actorParam;

    /**
     * @param actorParam the parameter number the statement gives the actor ({@code $n}); the request id is the next
     */
    public SqlAudit(TableDescriptor table, RowRendering rendering, int actorParam) {
        this.table = table;
        this.rendering = rendering;
        this.actorParam = actorParam;
    }

    public boolean on() {
        return table.audit() != null;
    }

    /** The parameters to add after the statement's own (actor, request id), none when not audited. */
    public List<Object> params() {
        Audit.Stamp stamp = table.audit();
        return stamp == null ? List.of() : Arrays.asList(stamp.actor(), stamp.requestId());
    }

    /**
     * {@code , "datably:before" AS (…)}: the records {@code where} selects on alias {@code t}, as they were before the
     * statement (its snapshot), keyed for {@link #entries} with {@link Kept#BOTH}. Empty when not audited. Written
     * after another CTE (so it starts with a comma).
     */
    public String before(String where) {
        if (!on()) {
            return "";
        }
        return ", " + BEFORE + " AS (SELECT " + key("t") + " AS k, " + document("t") + " AS d FROM "
                + Sql.table(table.physical()) + " AS t WHERE " + where + ")";
    }

    /**
     * {@code , "datably:audited" AS (INSERT …)}: one entry per row of the CTE {@code written} (the change's
     * {@code RETURNING *}), with {@code action} (an SQL expression on alias {@code w}) and what {@code kept} says.
     * Empty when not audited.
     */
    public String entries(String written, String action, Kept kept) {
        if (!on()) {
            return "";
        }
        Audit.Stamp stamp = table.audit();
        String before = switch (kept) {
            case AFTER -> "NULL";
            case BEFORE -> document("w");
            case BOTH -> "b.d";
        };
        String after = kept == Kept.BEFORE ? "NULL" : document("w");
        return ", \"datably:audited\" AS (INSERT INTO " + audit(table.physical().namespace())
                + " (table_id, table_name, record_key, action, actor, request_id, before, after) SELECT "
                + stamp.tableId() + ", " + Sql.literal(stamp.tableName()) + ", " + key("w") + ", " + action + ", $"
                + actorParam + "::text, $" + (actorParam + 1) + "::text, " + before + ", " + after + " FROM " + written
                + " AS w" + (kept == Kept.BOTH ? " LEFT JOIN " + BEFORE + " AS b ON b.k = " + key("w") : "") + ")";
    }

    /** The audit table of a tenant schema. */
    public static String audit(String namespace) {
        return Sql.table(new PhysicalTable(namespace, TABLE));
    }

    /**
     * Makes a namespace's audit table when missing (under a transaction-scoped advisory lock: instances and requests
     * may race to make it). Entries are looked up by table and id (a table's trail, newest first) and by table, record
     * key and id (a record's history).
     */
    public static List<String> ddl(String namespace) {
        String audit = audit(namespace);
        return List.of(
                "SELECT pg_advisory_xact_lock(hashtext(" + Sql.literal(namespace + "." + TABLE) + "))",
                "CREATE SCHEMA IF NOT EXISTS " + Sql.quote(namespace),
                "CREATE TABLE IF NOT EXISTS " + audit + " (id bigserial PRIMARY KEY, "
                        + "at timestamptz NOT NULL DEFAULT now(), table_id bigint NOT NULL, table_name text NOT NULL, "
                        + "record_key jsonb, action text NOT NULL, actor text, request_id text, before jsonb, "
                        + "after jsonb, details jsonb)",
                "CREATE INDEX IF NOT EXISTS " + Sql.quote(TABLE + "_table") + " ON " + audit + " (table_id, id)",
                "CREATE INDEX IF NOT EXISTS " + Sql.quote(TABLE + "_record") + " ON " + audit
                        + " (table_id, record_key, id)");
    }

    /** A record's key as a jsonb object of its primary-key fields, from row alias {@code row}; null without one. */
    private String key(String row) {
        TableSchema schema = table.schema();
        if (schema.primaryKey().isEmpty()) {
            return "NULL::jsonb";
        }
        List<Field> keys = schema.primaryKey().stream().map(name -> schema.field(name).orElseThrow()).toList();
        return "(" + rendering.document(row, schema, keys, List.of()) + ")::jsonb";
    }

    private String document(String row) {
        TableSchema schema = table.schema();
        return "(" + rendering.document(row, schema, schema.fields(), List.of()) + ")::jsonb";
    }
}
