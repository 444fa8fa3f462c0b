package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The provider contract on the mongodb provider. */
@QuarkusTest
class MongoContractTest extends ProviderContractTests {
    @Override
    protected String providerType() {
        return "mongodb";
    }
}
