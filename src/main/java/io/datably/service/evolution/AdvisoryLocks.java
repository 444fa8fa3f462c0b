package io.datably.service.evolution;

import io.datably.error.DatablyException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * PostgreSQL advisory locks, so that work on one object runs one piece after the other across every service
 * instance sharing the database (a lock held by a session of one instance makes the others wait).
 */
@ApplicationScoped
public class AdvisoryLocks {
    /** The first key of every lock on a datatable's structure ("DTAB"); the second is the datatable id. */
    private static final int DATATABLE_STRUCTURE = 0x44544142;
    /** About ten minutes of polling at the longest back-off. */
    private static final int MAX_ATTEMPTS = 2400;
    private final Pool pool;

    public AdvisoryLocks(Pool pool) {
        this.pool = pool;
    }

    /**
     * Runs {@code work} holding the structure lock of datatable {@code id}, waiting for it first. The lock lives in a
     * connection of its own, released (and the connection returned) however the work ends.
     */
    public <T> Uni<T> withDatatableLock(long id, Supplier<Uni<T>> work) {
        Tuple key = Tuple.of(DATATABLE_STRUCTURE, (int) id);
        return pool.getConnection().chain(connection -> acquire(connection, key)
                .chain(locked -> work.get())
                .onTermination().call(() -> unlock(connection, key)));
    }

    /**
     * Polls {@code pg_try_advisory_lock} rather than waiting in {@code pg_advisory_lock}: a statement waiting for
     * the lock holds a snapshot, and {@code CREATE INDEX CONCURRENTLY} (run by the lock's holder) waits for every
     * such snapshot to end, so a blocking wait would deadlock an index build with the next change queued behind it.
     */
    private static Uni<Boolean> acquire(SqlConnection connection, Tuple key) {
        return connection.preparedQuery("SELECT pg_try_advisory_lock($1, $2)").execute(key)
                .map(rows -> {
                    if (!rows.iterator().next().getBoolean(0)) {
                        throw new Busy();
                    }
                    return true;
                })
                .onFailure(Busy.class).retry().withBackOff(Duration.ofMillis(20), Duration.ofMillis(250))
                .atMost(MAX_ATTEMPTS)
                .onFailure(Busy.class).transform(busy -> DatablyException.conflict("Another change of this "
                        + "datatable's structure has been running for over 10 minutes; try again later"));
    }

    /** The lock is held elsewhere (retried). */
    private static final class Busy extends RuntimeException {
        Busy() {
            super(null, null, false, false);
        }
    }

    private static Uni<Void> unlock(SqlConnection connection, Tuple key) {
        return connection.preparedQuery("SELECT pg_advisory_unlock($1, $2)").execute(key)
                .onFailure().recoverWithNull()
                .onTermination().call(connection::close).replaceWithVoid();
    }
}
