package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** Hostile field names and values on the jsonb provider. */
@QuarkusTest
class JsonbHostileNameContractTest extends HostileNameContractTests {
    @Override
    protected String providerType() {
        return "jsonb";
    }
}
