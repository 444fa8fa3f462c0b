package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** Schema evolution on jsonb: documents rewritten by the service, indexes by Liquibase. */
@QuarkusTest
class JsonbSchemaEvolutionTest extends SchemaEvolutionContractTests {
    @Override
    protected String providerType() {
        return "jsonb";
    }
}
