package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The TreeQL contract on the jsonb provider. */
@QuarkusTest
class JsonbTreeQlContractTest extends TreeQlContractTests {
    @Override
    protected String providerType() {
        return "jsonb";
    }
}
