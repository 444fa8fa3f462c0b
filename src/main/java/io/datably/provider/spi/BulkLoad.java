package io.datably.provider.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * One all-or-nothing load of many records into a table, batch after batch ({@link DataProvider#openLoad}): nothing
 * of it is kept unless {@link #commit()} ends it. On PostgreSQL it is one transaction on one connection; on MongoDB
 * (no transactions here) {@link #abort()} deletes what was inserted, as a failed multi-record create does.
 * Exactly one of {@code commit} and {@code abort} ends it, and frees what it holds.
 */
public interface BulkLoad {
    /**
     * Writes a batch of valid, cast records. A value the store refuses fails with the provider's usual error, naming
     * it {@code [i].field} by its position in the batch; after a failure only {@link #abort()} may follow.
     */
    Uni<Void> write(List<ObjectNode> records);

    /**
     * The store as this load sees it: on PostgreSQL a provider on the load's connection, inside its transaction (what
     * it reads, and locks, is the load's); on MongoDB the provider itself. A reference written by the load is
     * confirmed through it after each batch.
     */
    DataProvider store();

    Uni<Void> commit();

    Uni<Void> abort();
}
