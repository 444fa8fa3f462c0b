package io.datably.api.cors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;

import io.datably.security.EnforcedMode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** Enforced mode with no {@code datably.cors.allowed-origins}: no origin is allowed. */
@QuarkusTest
@TestProfile(EnforcedMode.class)
class CorsClosedInEnforcedModeTest {

    @Test
    void noOriginIsAllowedByDefault() {
        given().header("Origin", "http://example.com").header("Access-Control-Request-Method", "GET")
                .options("/api/apps/").then().statusCode(403).header("Access-Control-Allow-Origin", nullValue())
                .header("Access-Control-Allow-Methods", nullValue());
        given().header("Origin", "http://example.com").get("/api/apps/").then().statusCode(401)
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
