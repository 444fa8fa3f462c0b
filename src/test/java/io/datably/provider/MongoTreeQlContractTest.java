package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The TreeQL contract on the mongodb provider. */
@QuarkusTest
class MongoTreeQlContractTest extends TreeQlContractTests {
    @Override
    protected String providerType() {
        return "mongodb";
    }
}
