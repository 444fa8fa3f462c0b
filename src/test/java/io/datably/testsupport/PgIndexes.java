package io.datably.testsupport;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Index definitions read from PostgreSQL's catalog, for tests that check what materialization created. */
public final class PgIndexes {
    private PgIndexes() {
    }

    /** The definitions of the foreign-key indexes ({@code <table>_fk<n>x}) of a storage namespace. */
    public static List<String> foreignKeyIndexes(Pool pool, String namespace) {
        return pool.preparedQuery("SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname ~ '_fk[0-9]+x$'")
                .execute(Tuple.of(namespace)).await().indefinitely().stream().map(row -> row.getString(0)).toList();
    }

    /** One index as the catalog has it: pg_indexes' definition, pg_am's access method, validity, predicate. */
    public record PgIndex(String name, String definition, String accessMethod, boolean valid, String predicate) {
    }

    /** Every index of one table, by name. */
    public static Map<String, PgIndex> ofTable(Pool pool, String namespace, String table) {
        Map<String, PgIndex> indexes = new LinkedHashMap<>();
        for (Row row : pool.preparedQuery("SELECT x.indexname, x.indexdef, am.amname, i.indisvalid, "
                        + "pg_get_expr(i.indpred, i.indrelid) FROM pg_indexes x JOIN pg_class c ON "
                        + "c.relname = x.indexname AND c.relnamespace = x.schemaname::regnamespace "
                        + "JOIN pg_index i ON i.indexrelid = c.oid JOIN pg_am am ON am.oid = c.relam "
                        + "WHERE x.schemaname = $1 AND x.tablename = $2 ORDER BY 1")
                .execute(Tuple.of(namespace, table)).await().indefinitely()) {
            indexes.put(row.getString(0), new PgIndex(row.getString(0), row.getString(1), row.getString(2),
                    row.getBoolean(3), row.getString(4)));
        }
        return indexes;
    }
}
