package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The provider contract on the jsonb provider. */
@QuarkusTest
class JsonbContractTest extends ProviderContractTests {
    @Override
    protected String providerType() {
        return "jsonb";
    }
}
