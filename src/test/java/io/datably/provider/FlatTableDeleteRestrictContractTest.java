package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The delete-restrict contract on the flat_table provider. */
@QuarkusTest
class FlatTableDeleteRestrictContractTest extends DeleteRestrictContractTests {
    @Override
    protected String providerType() {
        return "flat_table";
    }
}
