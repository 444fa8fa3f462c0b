package io.datably.provider;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;

/** Schema evolution on mongodb: documents rewritten by the service, indexes by the driver. */
@QuarkusTest
class MongoSchemaEvolutionTest extends SchemaEvolutionContractTests {
    @Override
    protected String providerType() {
        return "mongodb";
    }

    /** No DDL for a field change: the changelog is empty, or only index changes. */
    @Override
    protected void assertChangelog(JsonNode operation, String liquibaseChange) {
        assertTrue(operation.get("changelog").isNull() || operation.get("changelog").asText().contains("changeSet"),
                operation.toString());
    }

    @Override
    protected void assertDryRun(JsonNode preview) {
        assertTrue(preview.get("changelog").isNull() || preview.get("changelog").asText().contains("changeSet"),
                preview.toString());
    }
}
