package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The graph contract on the mongodb provider. */
@QuarkusTest
class MongoGraphContractTest extends GraphContractTests {
    @Override
    protected String providerType() {
        return "mongodb";
    }
}
