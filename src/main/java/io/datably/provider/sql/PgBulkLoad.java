package io.datably.provider.sql;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.provider.spi.BulkLoad;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import java.util.List;
import java.util.function.Function;

/** A load as one PostgreSQL transaction: every batch on the same connection; commit keeps them, abort none. */
final class PgBulkLoad implements BulkLoad {
    private final SqlConnection connection;
    private final Transaction transaction;
    private final Function<List<ObjectNode>, Uni<Void>> batch;
    private final io.datably.provider.spi.DataProvider store;

    PgBulkLoad(SqlConnection connection, Transaction transaction, Function<List<ObjectNode>, Uni<Void>> batch,
               io.datably.provider.spi.DataProvider store) {
        this.connection = connection;
        this.transaction = transaction;
        this.batch = batch;
        this.store = store;
    }

    @Override
    public io.datably.provider.spi.DataProvider store() {
        return store;
    }

    @Override
    public Uni<Void> write(List<ObjectNode> records) {
        return records.isEmpty() ? Uni.createFrom().voidItem() : batch.apply(records);
    }

    @Override
    public Uni<Void> commit() {
        return transaction.commit().onFailure().transform(PgErrors::translate)
                .eventually(connection::close);
    }

    @Override
    public Uni<Void> abort() {
        return transaction.rollback().onFailure().recoverWithNull().eventually(connection::close);
    }
}
