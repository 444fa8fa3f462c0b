package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** Hostile field names and values on the flat_table provider. */
@QuarkusTest
class FlatTableHostileNameContractTest extends HostileNameContractTests {
    @Override
    protected String providerType() {
        return "flat_table";
    }
}
