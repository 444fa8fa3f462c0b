package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** Bulk changes by filter and upserts on the flat_table provider. */
@QuarkusTest
class FlatTableBulkContractTest extends BulkContractTests {
    @Override
    protected String providerType() {
        return "flat_table";
    }
}
