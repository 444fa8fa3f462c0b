package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The audit-trail contract on the jsonb provider. */
@QuarkusTest
class JsonbAuditContractTest extends AuditContractTests {
    @Override
    protected String providerType() {
        return "jsonb";
    }
}
