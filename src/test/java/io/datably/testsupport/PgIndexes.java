package io.datably.testsupport;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;

/** Index definitions read from PostgreSQL's catalog, for tests that check what materialization created. */
public final class PgIndexes {
    private PgIndexes() {
    }

    /** The definitions of the foreign-key indexes ({@code <table>_fk<n>x}) of a storage namespace. */
    public static List<String> foreignKeyIndexes(Pool pool, String namespace) {
        return pool.preparedQuery("SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname ~ '_fk[0-9]+x$'")
                .execute(Tuple.of(namespace)).await().indefinitely().stream().map(row -> row.getString(0)).toList();
    }
}
