package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The relation contract on the flat_table provider. */
@QuarkusTest
class FlatTableRelationContractTest extends RelationContractTests {
    @Override
    protected String providerType() {
        return "flat_table";
    }
}
