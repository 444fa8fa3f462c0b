package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The schema inference contract on the flat_table provider. */
@QuarkusTest
class FlatTableInferContractTest extends InferContractTests {
    @Override
    protected String providerType() {
        return "flat_table";
    }
}
