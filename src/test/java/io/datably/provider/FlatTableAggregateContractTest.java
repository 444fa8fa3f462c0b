package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The aggregate contract on the flat_table provider. */
@QuarkusTest
class FlatTableAggregateContractTest extends AggregateContractTests {
    @Override
    protected String providerType() {
        return "flat_table";
    }
}
