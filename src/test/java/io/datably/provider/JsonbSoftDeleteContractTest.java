package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The soft-delete contract on the jsonb provider. */
@QuarkusTest
class JsonbSoftDeleteContractTest extends SoftDeleteContractTests {
    @Override
    protected String providerType() {
        return "jsonb";
    }
}
