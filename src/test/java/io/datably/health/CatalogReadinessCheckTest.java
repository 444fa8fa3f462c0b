package io.datably.health;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** The catalog readiness check: up on a migrated catalog, down (saying how far it is) on one that lacks a changeset. */
@QuarkusTest
class CatalogReadinessCheckTest {
    @Inject
    Pool pool;

    @Test
    void readsEveryChangesetOfTheChangelog() throws IOException {
        String changelog;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("db/catalog-changelog.yaml")) {
            changelog = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        long declared = changelog.lines().filter(l -> l.trim().equals("- changeSet:")).count();
        List<String> ids = io.datably.catalog.CatalogChangelog.changesetIds();
        assertEquals(declared, ids.size(), ids.toString());
        assertEquals("catalog-1", ids.get(0));
    }

    @Test
    void theMigratedCatalogIsReady() {
        RestAssured.get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'catalog' }.status", equalTo("UP"))
                .body("checks.name", hasItem("catalog"));
    }

    @Test
    void aCatalogLackingAChangesetIsNotReady() {
        HealthCheckResponse answer = new CatalogReadinessCheck(pool, "public", List.of("catalog-1", "catalog-99-not-yet"))
                .call().await().atMost(Duration.ofSeconds(10));
        assertEquals(HealthCheckResponse.Status.DOWN, answer.getStatus());
        assertEquals(1L, answer.getData().orElseThrow().get("applied"));
        assertEquals(2L, answer.getData().orElseThrow().get("changesets"));
    }
}
