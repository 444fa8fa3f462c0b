package io.datably.catalog;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tenant's catalog version: a number that every committed change of its apps, datasources or datatables raises
 * (a trigger of the catalog's own, changeset catalog-4), whichever instance or client made the change.
 *
 * <p>Asked on every record request, so concurrent askers of one tenant share reads, as a database shares a commit:
 * a caller is answered by a read that <em>started after it asked</em> (the one it starts itself when none is running,
 * else the next one, started as soon as the running one ends). So the answer is never older than the question, and
 * under load a tenant costs one read per round trip instead of one per request.
 */
@ApplicationScoped
public class CatalogVersions {
    private static final String SQL = "SELECT version FROM catalog_version WHERE tenant = $1";

    private final Pool pool;
    private final Map<String, SharedRead> reads = new ConcurrentHashMap<>();

    public CatalogVersions(io.vertx.mutiny.sqlclient.Pool pool) {
        this.pool = pool.getDelegate(); // the plain client: no Mutiny or context-propagation wrapping per read
    }

    /** The tenant's version now (0 before its first catalog change), answered on the caller's Vert.x context. */
    public Uni<Long> current(String tenant) {
        return Uni.createFrom().emitter(emitter -> {
            SharedRead read = reads.computeIfAbsent(tenant, SharedRead::new);
            read.join(new Asker(emitter, Vertx.currentContext()));
        });
    }

    private record Asker(UniEmitter<? super Long> emitter, Context context) {
        void answer(Long version, Throwable failure) {
            if (context == null || context == Vertx.currentContext()) {
                deliver(version, failure);
            } else {
                context.runOnContext(ignored -> deliver(version, failure));
            }
        }

        private void deliver(Long version, Throwable failure) {
            if (failure != null) {
                emitter.fail(failure);
            } else {
                emitter.complete(version);
            }
        }
    }

    /** The reads of one tenant: at most one running, and the askers waiting for the next. */
    private final class SharedRead {
        private final String tenant;
        private List<Asker> running; // answered by the read in flight; null when none is
        private List<Asker> waiting; // asked while it was in flight: answered by the next read

        SharedRead(String tenant) {
            this.tenant = tenant;
        }

        void join(Asker asker) {
            List<Asker> start;
            synchronized (this) {
                if (running != null) {
                    if (waiting == null) {
                        waiting = new ArrayList<>();
                    }
                    waiting.add(asker);
                    return;
                }
                running = new ArrayList<>();
                running.add(asker);
                start = running;
            }
            read(start);
        }

        private void read(List<Asker> askers) {
            pool.preparedQuery(SQL).execute(Tuple.of(tenant)).onComplete(done -> {
                Long version = done.succeeded() ? versionOf(done.result()) : null;
                List<Asker> next;
                synchronized (this) {
                    next = waiting;
                    waiting = null;
                    running = next;
                }
                if (next != null) {
                    read(next);
                }
                askers.forEach(a -> a.answer(version, done.cause()));
            });
        }
    }

    private static long versionOf(RowSet<Row> rows) {
        RowIterator<Row> it = rows.iterator();
        return it.hasNext() ? it.next().getLong(0) : 0L;
    }
}
