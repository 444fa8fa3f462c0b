package io.datably.ratelimit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * Redis unreachable: each instance limits on its own (the seed limits: 100 requests a minute, write bursts of 10),
 * never answers 500, warns once, and stays ready. Also: local mode with limits switched on by their one setting.
 */
@QuarkusTest
@TestProfile(RedisDownLocalMode.class)
class RedisDownTest {
    @Inject
    RateLimiter limiter;

    @Test
    void limitsHoldPerInstanceWithOneWarningAndNo500() {
        Api tenant = Api.newTenant();
        try (LogCapture log = LogCapture.of(RateLimiter.class)) {
            // The seed burst: 10 writes, then 429 (a write token comes back every 0.6 s, so a slow machine may get
            // one or two more in).
            tenant.delete("/api/apps/nosuchapp/").statusCode(404).header("RateLimit-Limit", "10")
                    .header("RateLimit-Remaining", "9").header("RateLimit-Policy", "100;w=60, 10;w=6");
            int taken = 1;
            Response refused = tenant.request().delete("/api/apps/nosuchapp/");
            for (; refused.statusCode() == 404 && taken < 30; taken++) {
                refused.then().header("RateLimit-Limit", "10");
                refused = tenant.request().delete("/api/apps/nosuchapp/");
            }
            assertTrue(taken >= 10, taken + " writes taken");
            Api.assertProblem(refused, 429, "DS109")
                    .body("detail", Matchers.containsString("Write burst reached for caller 'local' of tenant '"
                            + tenant.tenantId() + "': 10 writes at once (then 100 requests per minute)"))
                    .header("Retry-After", "1").header("RateLimit-Remaining", "0");
            // Reads draw on the bucket of all requests only.
            tenant.get("/api/apps/").statusCode(200).header("RateLimit-Limit", "100")
                    .header("RateLimit-Remaining", Matchers.not("100"));
            // A path no route serves: no caller was resolved, so the client's address is counted.
            tenant.get("/api/nosuchroute").statusCode(404).header("RateLimit-Limit", "100")
                    .header("RateLimit-Remaining", "99");
            for (int i = 0; i < 20; i++) {
                tenant.get("/api/apps/").statusCode(200);
            }
            // Said once, at start-up or on the first request, never per request.
            assertTrue(log.warnings("Redis cannot be reached for rate limits") <= 1);
            assertTrue(limiter.redisOut());
        }
        given().get("/q/health/ready").then().statusCode(200);
    }
}
