package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The import and export contract on the mongodb provider. */
@QuarkusTest
class MongoImportExportContractTest extends ImportExportContractTests {
    @Override
    protected String providerType() {
        return "mongodb";
    }
}
