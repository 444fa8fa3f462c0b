package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The hierarchy contract on the flat_table provider. */
@QuarkusTest
class FlatTableHierarchyContractTest extends HierarchyContractTests {
    @Override
    protected String providerType() {
        return "flat_table";
    }
}
