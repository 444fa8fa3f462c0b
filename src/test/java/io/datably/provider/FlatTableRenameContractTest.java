package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The rename of a datatable on the flat_table provider. */
@QuarkusTest
class FlatTableRenameContractTest extends RenameContractTests {
    @Override
    protected String providerType() {
        return "flat_table";
    }
}
