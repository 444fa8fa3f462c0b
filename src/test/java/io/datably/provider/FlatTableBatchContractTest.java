package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** Atomic batches on the flat_table provider. */
@QuarkusTest
class FlatTableBatchContractTest extends BatchContractTests {
    @Override
    protected String providerType() {
        return "flat_table";
    }
}
