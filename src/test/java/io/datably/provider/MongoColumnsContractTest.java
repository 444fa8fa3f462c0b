package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The TreeQL columns API on the mongodb provider. */
@QuarkusTest
class MongoColumnsContractTest extends ColumnsContractTests {
    @Override
    protected String providerType() {
        return "mongodb";
    }
}
