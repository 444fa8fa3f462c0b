package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The rename of a datatable on the mongodb provider. */
@QuarkusTest
class MongoRenameContractTest extends RenameContractTests {
    @Override
    protected String providerType() {
        return "mongodb";
    }
}
