package io.datably.testsupport;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Registers the test resources for every @QuarkusTest of the suite (global, so all tests share one application
 * start): a fresh PostgreSQL database and an in-process MongoDB server.
 */
@QuarkusTestResource(PostgresDatabaseResource.class)
@QuarkusTestResource(MongoServerResource.class)
public final class TestResources {
    private TestResources() {
    }
}
