package io.datably.testsupport;

import io.vertx.mutiny.sqlclient.Pool;

/** SQL run in a tenant's own PostgreSQL schema, for tests that start from tables made outside Datably (adoption). */
public final class TenantSchema {
    private TenantSchema() {
    }

    /** Runs {@code sql} (statements separated by ';') with the tenant's schema, created when missing, as search path. */
    public static void run(Pool pool, Api api, String sql) {
        String schema = "\"t_" + api.tenantId() + "\"";
        pool.query("CREATE SCHEMA IF NOT EXISTS " + schema + "; SET search_path TO " + schema + "; " + sql
                + "; SET search_path TO public").execute().await().indefinitely();
    }

    /** The PostgreSQL type of a column of a table in the tenant's schema, as {@code format_type} prints it. */
    public static String columnType(Pool pool, Api api, String table, String column) {
        var rows = pool.preparedQuery("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
                        + "to_regclass($1) AND attname = $2 AND NOT attisdropped")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of("\"t_" + api.tenantId() + "\"." + table, column))
                .await().indefinitely();
        return rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null;
    }
}
