package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The audit-trail contract on the flat_table provider. */
@QuarkusTest
class FlatTableAuditContractTest extends AuditContractTests {
    @Override
    protected String providerType() {
        return "flat_table";
    }
}
