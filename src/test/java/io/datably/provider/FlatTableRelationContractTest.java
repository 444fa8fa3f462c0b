package io.datably.provider;

import io.datably.testsupport.PgIndexes;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;

/** The relation contract on the flat_table provider. */
@QuarkusTest
class FlatTableRelationContractTest extends RelationContractTests {
    @Override
    protected String providerType() {
        return "flat_table";
    }

    @Inject
    Pool pool;

    @Override
    protected List<String> foreignKeyIndexes(String namespace) {
        return PgIndexes.foreignKeyIndexes(pool, namespace);
    }
}
