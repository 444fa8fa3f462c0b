package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The import and export contract on the flat_table provider. */
@QuarkusTest
class FlatTableImportExportContractTest extends ImportExportContractTests {
    @Override
    protected String providerType() {
        return "flat_table";
    }
}
