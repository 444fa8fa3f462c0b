package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The aggregate contract on the jsonb provider. */
@QuarkusTest
class JsonbAggregateContractTest extends AggregateContractTests {
    @Override
    protected String providerType() {
        return "jsonb";
    }
}
