package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The delete-restrict contract on the mongodb provider. */
@QuarkusTest
class MongoDeleteRestrictContractTest extends DeleteRestrictContractTests {
    @Override
    protected String providerType() {
        return "mongodb";
    }
}
