package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The query contract on the jsonb provider. */
@QuarkusTest
class JsonbQueryContractTest extends QueryContractTests {
    @Override
    protected String providerType() {
        return "jsonb";
    }
}
