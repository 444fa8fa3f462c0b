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
}
