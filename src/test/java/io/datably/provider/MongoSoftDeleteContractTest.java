package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The soft-delete contract on the mongodb provider. */
@QuarkusTest
class MongoSoftDeleteContractTest extends SoftDeleteContractTests {
    @Override
    protected String providerType() {
        return "mongodb";
    }
}
