package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The query contract on the flat_table provider. */
@QuarkusTest
class FlatTableQueryContractTest extends QueryContractTests {
    @Override
    protected String providerType() {
        return "flat_table";
    }
}
