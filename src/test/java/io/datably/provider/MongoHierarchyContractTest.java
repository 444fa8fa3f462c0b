package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The hierarchy contract on the mongodb provider. */
@QuarkusTest
class MongoHierarchyContractTest extends HierarchyContractTests {
    @Override
    protected String providerType() {
        return "mongodb";
    }
}
