package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** Bulk changes by filter and upserts on the jsonb provider. */
@QuarkusTest
class JsonbBulkContractTest extends BulkContractTests {
    @Override
    protected String providerType() {
        return "jsonb";
    }
}
