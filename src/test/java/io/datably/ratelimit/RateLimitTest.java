package io.datably.ratelimit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datably.security.EnforcedMode;
import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rate limits in enforced mode (on by default there), against the Redis of the machine: headers on every answer, 429
 * DS109 with Retry-After past the limit, refill, the write burst, tenant and role settings, callers without a token
 * counted by address, and one budget for every replica.
 */
@QuarkusTest
@TestProfile(RateLimitedMode.class)
class RateLimitTest {
    private static final String APPS = "/api/apps/";

    @Inject
    RedisBuckets redis;
    @Inject
    LocalBuckets local;
    @Inject
    RateLimitConfig config;

    /** A caller of its own (a fresh subject of a fresh tenant, unless named), so that tests never share buckets. */
    private static RequestSpecification as(String tenant, String... roles) {
        return given().header("Authorization", "Bearer " + EnforcedMode.token("u" + Api.unique(), tenant,
                admin(roles)));
    }

    /** The roles and {@code admin}: the default policies let admins do anything, and these tests are about limits. */
    private static String[] admin(String... roles) {
        String[] all = java.util.Arrays.copyOf(roles, roles.length + 1);
        all[roles.length] = "admin";
        return all;
    }

    private static RequestSpecification newCaller(String... roles) {
        return as(Api.newTenantId("t"), roles);
    }

    private static void limited(Response response, int limit, int remaining) {
        response.then().log().ifValidationFails()
                .header("RateLimit-Limit", String.valueOf(limit))
                .header("RateLimit-Remaining", String.valueOf(remaining))
                .header("RateLimit-Reset", allOf(not(nullValue()), not(equalTo("0"))));
    }

    private static void tooMany(Response response, String detail) {
        Api.assertProblem(response, 429, "DS109").body("title", equalTo("Too many requests"))
                .body("detail", containsString(detail))
                .header("Retry-After", not(nullValue()))
                .header("RateLimit-Remaining", "0");
        int retryAfter = Integer.parseInt(response.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 3, "Retry-After " + retryAfter);
    }

    @Test
    void everyAnswerSaysTheLimitAndWhatIsLeft() {
        RequestSpecification caller = newCaller();
        for (int remaining = 4; remaining >= 2; remaining--) {
            Response response = caller.get(APPS);
            response.then().statusCode(200).header("RateLimit-Policy", "5;w=15");
            limited(response, 5, remaining);
        }
        // Also on errors: a missing app is a 404, with the headers.
        Response missing = caller.get(APPS + "nosuchapp/");
        missing.then().statusCode(404);
        limited(missing, 5, 1);
    }

    @Test
    void aBurstPastTheLimitIs429WithRetryAfter() {
        String tenant = Api.newTenantId("t");
        String subject = "burst" + Api.unique();
        RequestSpecification caller = given().header("Authorization", "Bearer " + EnforcedMode.token(subject, tenant,
                "admin"));
        for (int i = 0; i < 5; i++) {
            caller.get(APPS).then().statusCode(200);
        }
        Response refused = caller.get(APPS);
        tooMany(refused, "Rate limit reached for caller '" + subject + "' of tenant '" + tenant
                + "': 5 requests per 15 s; send again in ");
        limited(refused, 5, 0);
        tooMany(caller.get(APPS), "5 requests per 15 s");
    }

    @Test
    void theBucketRefillsAfterRetryAfter() throws InterruptedException {
        RequestSpecification caller = newCaller();
        for (int i = 0; i < 5; i++) {
            caller.get(APPS).then().statusCode(200);
        }
        Response refused = caller.get(APPS);
        refused.then().statusCode(429);
        Thread.sleep(Duration.ofSeconds(Long.parseLong(refused.header("Retry-After"))).toMillis() + 100);
        caller.get(APPS).then().statusCode(200).header("RateLimit-Remaining", "0");
    }

    @Test
    void writesHaveABurstOfTheirOwn() {
        RequestSpecification caller = newCaller();
        // Writes that fail still count: the limit comes before the resource.
        Response first = caller.delete(APPS + "nosuchapp/");
        first.then().statusCode(404).header("RateLimit-Policy", "5;w=15, 2;w=6");
        limited(first, 2, 1);
        caller.delete(APPS + "nosuchapp/").then().statusCode(404);
        tooMany(caller.delete(APPS + "nosuchapp/"), "Write burst reached for caller '");
        tooMany(caller.contentType("application/json").body("{\"name\": \"x\"}").post(APPS),
                ": 2 writes at once (then 5 requests per 15 s)");
        // Reads go on; the refused writes took nothing from the bucket of all requests (5 - 2 writes - this one).
        limited(caller.get(APPS).then().statusCode(200).extract().response(), 5, 2);
        // A long filter sent by POST is a read.
        caller.contentType("application/json").body("{}")
                .post(APPS + "a/datasources/d/datatables/t/records/query/").then().statusCode(404)
                .header("RateLimit-Remaining", "1");
    }

    @Test
    void aTenantsSettingsReplaceTheDefaults() {
        RequestSpecification caller = as(RateLimitedMode.RICH);
        limited(caller.get(APPS).then().statusCode(200).extract().response(), 50, 49);
        Response write = caller.delete(APPS + "nosuchapp/");
        write.then().header("RateLimit-Policy", "50;w=15, 20;w=6");
        limited(write, 20, 19);
    }

    @Test
    void aRolesSettingsReplaceTheTenantsAndTheMostGenerousRoleWins() {
        limited(newCaller("reporter").get(APPS), 40, 39);
        limited(newCaller("trial").get(APPS), 3, 2);
        limited(newCaller("trial", "reporter", "viewer").get(APPS), 40, 39);
        // The role's write burst, the tenant's requests.
        as(RateLimitedMode.RICH, "importer").delete(APPS + "x/").then()
                .header("RateLimit-Policy", "50;w=15, 30;w=9").header("RateLimit-Limit", "30");
    }

    /**
     * No token (or a refused one): no principal, so the client's address is limited, at the defaults. The only test of
     * this profile that sends requests without a valid token, so it has the address's buckets to itself.
     */
    @Test
    void requestsWithoutACallerAreLimitedByAddress() {
        for (int remaining = 4; remaining >= 0; remaining--) {
            Response response = given().get(APPS);
            Api.assertProblem(response, 401, "DS301");
            limited(response, 5, remaining);
        }
        Response refused = given().header("Authorization", "Bearer not-a-token").get(APPS);
        tooMany(refused, "Rate limit reached for requests without a caller from 127.0.0.1: 5 requests per 15 s");
        refused.then().header("WWW-Authenticate", nullValue());
        // A caller with a token has buckets of its own.
        newCaller().get(APPS).then().statusCode(200).header("RateLimit-Remaining", "4");
    }

    @Test
    void healthAndOpenApiAreNotLimited() {
        for (int i = 0; i < 7; i++) {
            given().get("/q/health/ready").then().statusCode(200).header("RateLimit-Limit", nullValue());
        }
        given().get("/q/openapi").then().statusCode(200).header("RateLimit-Limit", nullValue());
    }

    /** Another replica runs the same script on the same keys: what it takes, this instance no longer grants. */
    @Test
    void replicasSpendOneBudget() {
        String tenant = Api.newTenantId("t");
        String subject = "shared" + Api.unique();
        BucketKeys keys = BucketKeys.principal(config.keyPrefix(), tenant, subject);
        Limits limits = new Limits(5, 2, Duration.ofSeconds(15));
        for (int i = 0; i < 3; i++) {
            redis.take(keys, limits, false).await().atMost(Duration.ofSeconds(5));
        }
        RequestSpecification caller = given().header("Authorization", "Bearer " + EnforcedMode.token(subject, tenant,
                "admin"));
        limited(caller.get(APPS), 5, 1);
        caller.get(APPS).then().statusCode(200);
        caller.get(APPS).then().statusCode(429);
    }

    /** The script and the per-instance fallback (Bucket4j) decide alike. */
    @Test
    void redisAndInstanceBucketsDecideAlike() {
        Limits limits = new Limits(4, 2, Duration.ofMinutes(1));
        boolean[] writes = {true, false, true, true, false, false, true, false, false};
        List<String> fromRedis = new ArrayList<>();
        List<String> fromInstance = new ArrayList<>();
        BucketKeys redisKeys = BucketKeys.principal(config.keyPrefix(), "alike", Api.unique());
        BucketKeys localKeys = BucketKeys.principal(config.keyPrefix(), "alike", Api.unique());
        for (boolean write : writes) {
            fromRedis.add(summary(redis.take(redisKeys, limits, write).await().atMost(Duration.ofSeconds(5))));
            fromInstance.add(summary(local.takeNow(localKeys, limits, write)));
        }
        assertEquals(fromRedis, fromInstance);
        // Bucket 1 (all requests, 4) or 2 (writes, 2): the one nearest to empty reports.
        assertEquals(List.of("taken 2/2 left 1", "taken 1/4 left 2", "taken 2/2 left 0", "refused 2/2 left 0",
                "taken 1/4 left 0", "refused 1/4 left 0", "refused 1/4 left 0", "refused 1/4 left 0",
                "refused 1/4 left 0"), fromRedis);
    }

    private static String summary(Decision decision) {
        assertTrue(decision.resetMillis() > 0
                && decision.resetMillis() <= Duration.ofMinutes(1).toMillis(), decision.toString());
        if (!decision.allowed()) {
            assertTrue(decision.waitMillis() > 0
                    && decision.waitMillis() <= 15_000, decision.toString());
        }
        return (decision.allowed() ? "taken " : "refused ") + decision.bucket() + "/" + decision.limit() + " left "
                + decision.remaining();
    }

    @Test
    void theLatenciesOfRedisAndOfThePdpAreMeasured() {
        newCaller().get(APPS).then().statusCode(200);
        String metrics = io.datably.observe.MetricsTest.metrics();
        assertTrue(io.datably.observe.MetricsTest.value(metrics,
                "datably_ratelimit_redis_seconds_count{call=\"take\",outcome=\"success\"}") > 0, "Redis");
        assertTrue(metrics.contains("datably_ratelimit_redis_seconds_bucket{call=\"take\",outcome=\"success\",le="),
                "a histogram of Redis' latency");
        assertTrue(java.util.regex.Pattern.compile("(?m)^datably_authz_pdp_seconds_count\\{call=\"(check|plan)\","
                + "outcome=\"success\"} [1-9]").matcher(metrics).find(), "the PDP's latency: " + metrics);
    }
}
