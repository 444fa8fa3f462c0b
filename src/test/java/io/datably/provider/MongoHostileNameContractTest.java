package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** Hostile field names and values on the mongodb provider. */
@QuarkusTest
class MongoHostileNameContractTest extends HostileNameContractTests {
    @Override
    protected String providerType() {
        return "mongodb";
    }
}
