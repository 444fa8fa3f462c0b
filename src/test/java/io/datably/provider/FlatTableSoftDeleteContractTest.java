package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The soft-delete contract on the flat_table provider. */
@QuarkusTest
class FlatTableSoftDeleteContractTest extends SoftDeleteContractTests {
    @Override
    protected String providerType() {
        return "flat_table";
    }
}
