package io.datably.service.evolution;

import io.datably.config.DatablyConfig;
import io.datably.schema.evolution.LockPolling;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The structure lock of a datatable: a PostgreSQL advisory lock, so that its schema changes and index builds run one
 * after the other across every service instance sharing the database. A waiting request holds no connection and
 * waits a bounded time, then answers 409 with {@code Retry-After}. A held lock keeps a connection of its own (the
 * lock belongs to that session) for the whole change, so an instance runs at most a few changes at once: the rest
 * wait, holding nothing, so that changes never take the connections other tenants' requests need.
 * (Liquibase runs in a tenant schema are serialized by the schema's own lock, see LiquibaseRunner.)
 */
@ApplicationScoped
public class AdvisoryLocks {
    /** The first key of every lock on a datatable's structure ("DTAB"); the second is the datatable id. */
    private static final int DATATABLE_STRUCTURE = 0x44544142;
    private final Pool pool;
    private final Duration maxWait;
    private final Semaphore running;
    private final int maxConcurrent;

    public AdvisoryLocks(Pool pool, DatablyConfig config) {
        this.pool = pool;
        this.maxWait = config.schemaChanges().lockWait();
        this.maxConcurrent = config.schemaChanges().maxConcurrent();
        this.running = new Semaphore(maxConcurrent);
    }

    /** How many datatable changes this instance runs now (of datably.schema-changes.max-concurrent): a gauge. */
    public int changesRunning() {
        return maxConcurrent - running.availablePermits();
    }

    /**
     * Runs {@code work} holding the structure lock of datatable {@code id}, waiting for it at most the lock wait. The
     * lock lives in a connection of its own, released (and the connection returned) however the work ends.
     */
    public <T> Uni<T> withDatatableLock(long id, Supplier<Uni<T>> work) {
        Tuple key = Tuple.of(DATATABLE_STRUCTURE, (int) id);
        return acquire(key).chain(connection -> Uni.createFrom().<T>deferred(work::get)
                .onTermination().call(() -> unlock(connection, key)));
    }

    /**
     * Polls for a free slot, then {@code pg_try_advisory_lock} on a connection taken for that attempt and returned
     * when the lock is held elsewhere ({@link LockPolling}), rather than waiting in {@code pg_advisory_lock}: a waiting
     * statement would hold a connection (enough waiters starve every tenant) and a snapshot, for which {@code CREATE
     * INDEX CONCURRENTLY} (run by the lock's holder) waits: a deadlock.
     */
    private Uni<SqlConnection> acquire(Tuple key) {
        Uni<SqlConnection> attempt = Uni.createFrom().deferred(() -> {
            if (!running.tryAcquire()) {
                return Uni.createFrom().failure(new LockPolling.Busy());
            }
            return pool.getConnection().chain(connection -> connection
                    .preparedQuery("SELECT pg_try_advisory_lock($1, $2)").execute(key)
                    .onFailure().call(connection::close)
                    .chain(rows -> rows.iterator().next().getBoolean(0) ? Uni.createFrom().item(connection)
                            : connection.close().chain(() -> Uni.createFrom().failure(new LockPolling.Busy()))))
                    .onFailure().invoke(failure -> running.release());
        });
        return LockPolling.untilFree(attempt, maxWait, "this datatable's structure");
    }

    private Uni<Void> unlock(SqlConnection connection, Tuple key) {
        return connection.preparedQuery("SELECT pg_advisory_unlock($1, $2)").execute(key)
                .onFailure().recoverWithNull()
                .onTermination().call(connection::close)
                .onTermination().invoke(() -> running.release()).replaceWithVoid();
    }
}
