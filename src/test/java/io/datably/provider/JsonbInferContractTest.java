package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The schema inference contract on the jsonb provider. */
@QuarkusTest
class JsonbInferContractTest extends InferContractTests {
    @Override
    protected String providerType() {
        return "jsonb";
    }
}
