package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** Bulk changes by filter and upserts on the mongodb provider. */
@QuarkusTest
class MongoBulkContractTest extends BulkContractTests {
    @Override
    protected String providerType() {
        return "mongodb";
    }
}
