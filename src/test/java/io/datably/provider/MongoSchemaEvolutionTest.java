package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** Schema evolution on mongodb: documents rewritten by the service, indexes by the driver. */
@QuarkusTest
class MongoSchemaEvolutionTest extends SchemaEvolutionContractTests {
    @Override
    protected String providerType() {
        return "mongodb";
    }
}
