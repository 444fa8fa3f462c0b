package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The graph contract on the jsonb provider. */
@QuarkusTest
class JsonbGraphContractTest extends GraphContractTests {
    @Override
    protected String providerType() {
        return "jsonb";
    }
}
