package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.List;

/** The relation contract on the jsonb provider. */
@QuarkusTest
class JsonbRelationContractTest extends RelationContractTests {
    @Override
    protected String providerType() {
        return "jsonb";
    }

    @Inject
    Pool pool;

    @Override
    protected List<String> foreignKeyIndexes(String namespace) {
        return pool.preparedQuery("SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname ~ '_fk[0-9]+x$'")
                .execute(Tuple.of(namespace)).await().indefinitely().stream().map(row -> row.getString(0)).toList();
    }
}
