package io.datably.ratelimit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;

import io.datably.security.EnforcedMode;
import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** Enforced mode with {@code datably.rate-limit.enabled=false} (what EnforcedMode sets): no limits, no headers. */
@QuarkusTest
@TestProfile(EnforcedMode.class)
class SwitchedOffInEnforcedModeTest {

    @Test
    void theSettingSwitchesLimitsOff() {
        String token = EnforcedMode.token("u" + Api.unique(), Api.newTenantId("t"), "admin");
        for (int i = 0; i < 15; i++) {
            given().header("Authorization", "Bearer " + token).delete("/api/apps/nosuchapp/").then().statusCode(404)
                    .header("RateLimit-Limit", nullValue());
        }
        given().get("/api/apps/").then().statusCode(401).header("RateLimit-Limit", nullValue());
    }
}
