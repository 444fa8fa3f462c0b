package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The graph contract on the flat_table provider. */
@QuarkusTest
class FlatTableGraphContractTest extends GraphContractTests {
    @Override
    protected String providerType() {
        return "flat_table";
    }
}
