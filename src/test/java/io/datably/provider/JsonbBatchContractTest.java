package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** Atomic batches on the jsonb provider. */
@QuarkusTest
class JsonbBatchContractTest extends BatchContractTests {
    @Override
    protected String providerType() {
        return "jsonb";
    }
}
