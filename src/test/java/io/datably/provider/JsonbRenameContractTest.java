package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The rename of a datatable on the jsonb provider. */
@QuarkusTest
class JsonbRenameContractTest extends RenameContractTests {
    @Override
    protected String providerType() {
        return "jsonb";
    }
}
