package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The provider contract on the flat_table provider. */
@QuarkusTest
class FlatTableContractTest extends ProviderContractTests {
    @Override
    protected String providerType() {
        return "flat_table";
    }
}
