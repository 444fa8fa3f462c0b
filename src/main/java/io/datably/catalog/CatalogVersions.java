package io.datably.catalog;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A tenant's catalog version: a number that every committed change of its apps, datasources or datatables raises
 * (a trigger of the catalog's own, changeset catalog-4), whichever instance or client made the change. One indexed
 * read of one row on a pooled connection, without an ORM session: cheap enough to ask on every request.
 */
@ApplicationScoped
public class CatalogVersions {
    private final Pool pool;

    public CatalogVersions(Pool pool) {
        this.pool = pool;
    }

    /** The tenant's version now; 0 before its first catalog change. */
    public Uni<Long> current(String tenant) {
        return pool.preparedQuery("SELECT version FROM catalog_version WHERE tenant = $1").execute(Tuple.of(tenant))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    return it.hasNext() ? it.next().getLong(0) : 0L;
                });
    }
}
