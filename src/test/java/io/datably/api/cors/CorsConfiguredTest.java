package io.datably.api.cors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every CORS setting answered as configured; an origin not named is refused its preflight. */
@QuarkusTest
@TestProfile(CorsConfiguredTest.Configured.class)
class CorsConfiguredTest {
    private static final String APP = "https://app.example";

    public static class Configured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("datably.cors.allowed-origins", "https://other.example," + APP,
                    "datably.cors.allowed-methods", "GET, POST",
                    "datably.cors.allowed-headers", "Authorization, X-Tenant",
                    "datably.cors.exposed-headers", "X-Request-Id",
                    "datably.cors.allow-credentials", "false",
                    "datably.cors.max-age", "60");
        }
    }

    @Test
    void answersTheSettings() {
        given().header("Origin", APP).header("Access-Control-Request-Method", "POST").options("/api/apps/").then()
                .statusCode(200).header("Access-Control-Allow-Origin", APP)
                .header("Access-Control-Allow-Methods", "GET, POST")
                .header("Access-Control-Allow-Headers", "Authorization, X-Tenant")
                .header("Access-Control-Max-Age", "60")
                .header("Access-Control-Allow-Credentials", nullValue());
        given().header("Origin", APP).get("/api/apps/").then().statusCode(200)
                .header("Access-Control-Allow-Origin", APP).header("Access-Control-Expose-Headers", "X-Request-Id");
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET")
                .options("/api/apps/").then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://evil.example").get("/api/apps/").then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
