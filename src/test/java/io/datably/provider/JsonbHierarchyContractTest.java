package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The hierarchy contract on the jsonb provider. */
@QuarkusTest
class JsonbHierarchyContractTest extends HierarchyContractTests {
    @Override
    protected String providerType() {
        return "jsonb";
    }
}
