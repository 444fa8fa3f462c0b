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
 * <p>A write builds its statement as {@code WITH w AS (<change> RETURNING *), <entries> SELECT …}: {@link #entries}
 * for creates, deletes and restores, {@link #updates} for changes (with the changed fields as they were). Without an
 * {@link Audit.Stamp} on the descriptor the entries are empty and the statement is the change alone.
 */
public final class SqlAudit {
    public static final String TABLE = "_datably_audit";
    private static final String BEFORE = "\"datably:before\"";

    /** What an entry keeps of a created, deleted or restored record: its new state or its old one. */
    public enum Kept { AFTER, BEFORE }

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
     * The entries of an update of the fields {@code changed} (every field for a replace): {@code , "datably:before" AS
     * (…)}, the records {@code where} selects on alias {@code t} as the statement's snapshot saw them, then the entries
     * of the rows of CTE {@code written}, both states limited to those fields (what an update can change: keeping
     * whole records would cost a bulk change more than the change itself). Empty when not audited.
     */
    public String updates(String written, String where, List<Field> changed) {
        if (!on()) {
            return "";
        }
        return ", " + BEFORE + " AS (SELECT " + key("t") + " AS k, " + document("t", changed) + " AS d FROM "
                + Sql.table(table.physical()) + " AS t WHERE " + where + ")"
                + entries(written, "'update'", "b.d", document("w", changed), true);
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
        return entries(written, action, kept == Kept.AFTER ? "NULL" : document("w"),
                kept == Kept.BEFORE ? "NULL" : document("w"), false);
    }

    private String entries(String written, String action, String before, String after, boolean joinBefore) {
        Audit.Stamp stamp = table.audit();
        return ", \"datably:audited\" AS (INSERT INTO " + audit(table.physical().namespace())
                + " (table_id, table_name, record_key, action, actor, request_id, before, after) SELECT "
                + stamp.tableId() + ", " + Sql.literal(stamp.tableName()) + ", " + key("w") + ", " + action + ", $"
                + actorParam + "::text, $" + (actorParam + 1) + "::text, " + before + ", " + after + " FROM " + written
                + " AS w" + (joinBefore ? " LEFT JOIN " + BEFORE + " AS b ON b.k = " + key("w") : "") + ")";
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
                // "already exists, skipping" is the common case, not news for the log.
                "SET LOCAL client_min_messages = warning",
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
        return document(row, table.schema().fields());
    }

    private String document(String row, List<Field> fields) {
        return "(" + rendering.document(row, table.schema(), fields, List.of()) + ")::jsonb";
    }
}
