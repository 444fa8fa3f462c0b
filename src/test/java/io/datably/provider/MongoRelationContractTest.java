package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The relation contract on the mongodb provider. */
@QuarkusTest
class MongoRelationContractTest extends RelationContractTests {
    @Override
    protected String providerType() {
        return "mongodb";
    }
}
