package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The TreeQL columns API on the jsonb provider. */
@QuarkusTest
class JsonbColumnsContractTest extends ColumnsContractTests {
    @Override
    protected String providerType() {
        return "jsonb";
    }
}
