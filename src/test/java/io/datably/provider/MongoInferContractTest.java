package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The schema inference contract on the mongodb provider. */
@QuarkusTest
class MongoInferContractTest extends InferContractTests {
    @Override
    protected String providerType() {
        return "mongodb";
    }
}
