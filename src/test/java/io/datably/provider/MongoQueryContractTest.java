package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The query contract on the mongodb provider. */
@QuarkusTest
class MongoQueryContractTest extends QueryContractTests {
    @Override
    protected String providerType() {
        return "mongodb";
    }
}
