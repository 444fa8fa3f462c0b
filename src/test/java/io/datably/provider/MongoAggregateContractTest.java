package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The aggregate contract on the mongodb provider. */
@QuarkusTest
class MongoAggregateContractTest extends AggregateContractTests {
    @Override
    protected String providerType() {
        return "mongodb";
    }
}
