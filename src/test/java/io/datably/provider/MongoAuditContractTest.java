package io.datably.provider;

import io.quarkus.test.junit.QuarkusTest;

/** The audit-trail contract on the mongodb provider. */
@QuarkusTest
class MongoAuditContractTest extends AuditContractTests {
    @Override
    protected String providerType() {
        return "mongodb";
    }
}
