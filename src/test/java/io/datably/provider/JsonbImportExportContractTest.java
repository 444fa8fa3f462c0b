package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The import and export contract on the jsonb provider. */
@QuarkusTest
class JsonbImportExportContractTest extends ImportExportContractTests {
    @Override
    protected String providerType() {
        return "jsonb";
    }
}
