package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The TreeQL contract on the flat_table provider. */
@QuarkusTest
class FlatTableTreeQlContractTest extends TreeQlContractTests {
    @Override
    protected String providerType() {
        return "flat_table";
    }
}
