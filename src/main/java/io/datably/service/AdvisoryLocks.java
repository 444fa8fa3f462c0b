package io.datably.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * PostgreSQL advisory locks, so that work on one object runs one piece after the other across every service
 * instance sharing the database (a lock held by a session of one instance makes the others wait).
 */
@ApplicationScoped
public class AdvisoryLocks {
    /** The first key of every lock on a datatable's structure ("DTAB"); the second is the datatable id. */
    private static final int DATATABLE_STRUCTURE = 0x44544142;
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
        return pool.getConnection().chain(connection -> connection
                .preparedQuery("SELECT pg_advisory_lock($1, $2)").execute(key)
                .chain(locked -> work.get())
                .onTermination().call(() -> unlock(connection, key)));
    }

    private static Uni<Void> unlock(SqlConnection connection, Tuple key) {
        return connection.preparedQuery("SELECT pg_advisory_unlock($1, $2)").execute(key)
                .onFailure().recoverWithNull()
                .onTermination().call(connection::close).replaceWithVoid();
    }
}
