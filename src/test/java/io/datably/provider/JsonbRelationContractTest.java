package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The relation contract on the jsonb provider. */
@QuarkusTest
class JsonbRelationContractTest extends RelationContractTests {
    @Override
    protected String providerType() {
        return "jsonb";
    }
}
