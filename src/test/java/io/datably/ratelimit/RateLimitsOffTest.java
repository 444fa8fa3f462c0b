package io.datably.ratelimit;

import static org.hamcrest.Matchers.nullValue;

import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Local mode (the quick start, test suites, benchmarks): no limits by default, and no rate-limit headers. */
@QuarkusTest
class RateLimitsOffTest {

    @Test
    void localModeNeitherLimitsNorSaysSo() {
        Api tenant = Api.newTenant();
        for (int i = 0; i < 30; i++) {
            tenant.delete("/api/apps/nosuchapp/").statusCode(404).header("RateLimit-Limit", nullValue())
                    .header("RateLimit-Remaining", nullValue()).header("RateLimit-Reset", nullValue());
        }
        tenant.get("/api/apps/").statusCode(200).header("RateLimit-Limit", nullValue());
    }
}
