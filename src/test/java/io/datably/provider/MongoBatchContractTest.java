package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** Atomic batches on the mongodb provider. */
@QuarkusTest
class MongoBatchContractTest extends BatchContractTests {
    @Override
    protected String providerType() {
        return "mongodb";
    }
}
