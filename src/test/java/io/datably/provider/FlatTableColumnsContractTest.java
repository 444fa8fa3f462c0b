package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The TreeQL columns API on the flat_table provider. */
@QuarkusTest
class FlatTableColumnsContractTest extends ColumnsContractTests {
    @Override
    protected String providerType() {
        return "flat_table";
    }

    @Override
    protected boolean keepsColumnTypes() {
        return true;
    }
}
