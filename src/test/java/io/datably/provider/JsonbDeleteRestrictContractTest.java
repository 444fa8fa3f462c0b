package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The delete-restrict contract on the jsonb provider. */
@QuarkusTest
class JsonbDeleteRestrictContractTest extends DeleteRestrictContractTests {
    @Override
    protected String providerType() {
        return "jsonb";
    }
}
