package io.datably.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The switch between Redis and the instance's own buckets: Redis lost, the instance limits on its own, warns once,
 * tries Redis again only every retry interval, and goes back to it (with one INFO) once it answers.
 */
class RateLimiterTest {
    private static final Limits LIMITS = new Limits(3, 2, Duration.ofMinutes(1));
    private static final BucketKeys KEYS = BucketKeys.principal("test:", "acme", "alice");
    private static final Decision FROM_REDIS = new Decision(true, Decision.ALL, 3, 2, 20_000, 0);

    /** Redis as a switch: answers {@link #FROM_REDIS}, or fails as a refused connection does. */
    private static final class FakeRedis implements Buckets {
        final AtomicBoolean up = new AtomicBoolean(true);
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Uni<Decision> take(BucketKeys keys, Limits limits, boolean write) {
            calls.incrementAndGet();
            return up.get() ? Uni.createFrom().item(FROM_REDIS)
                    : Uni.createFrom().failure(new ConnectException("Connection refused: /127.0.0.1:6380"));
        }
    }

    @Test
    void redisLostThenBackAgain() {
        FakeRedis redis = new FakeRedis();
        AtomicLong now = new AtomicLong(0);
        RateLimiter limiter = new RateLimiter(redis, new LocalBuckets(), Duration.ofSeconds(5), now::get);
        try (LogCapture log = LogCapture.of(RateLimiter.class)) {
            assertEquals(FROM_REDIS, take(limiter));

            redis.up.set(false);
            // The instance's own buckets: 3 requests, then refused; Redis asked once, the warning written once.
            assertTrue(take(limiter).allowed());
            assertTrue(take(limiter).allowed());
            assertTrue(take(limiter).allowed());
            assertFalse(take(limiter).allowed());
            assertEquals(2, redis.calls.get());
            assertEquals(1, log.warnings("Redis cannot be reached for rate limits"));
            assertTrue(limiter.redisOut());

            now.addAndGet(Duration.ofSeconds(5).toNanos());
            assertFalse(take(limiter).allowed()); // tried again, still out: no second warning
            assertEquals(3, redis.calls.get());
            assertEquals(1, log.warnings("Redis cannot be reached"));

            redis.up.set(true);
            now.addAndGet(Duration.ofSeconds(4).toNanos());
            assertFalse(take(limiter).allowed()); // not yet time to try again
            assertEquals(3, redis.calls.get());
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            assertEquals(FROM_REDIS, take(limiter));
            assertFalse(limiter.redisOut());
            assertEquals(FROM_REDIS, take(limiter));
            assertEquals(5, redis.calls.get());
        }
    }

    @Test
    void aRefusedWriteTakesNothingFromTheBucketOfAllRequests() {
        LocalBuckets local = new LocalBuckets();
        Limits limits = new Limits(5, 1, Duration.ofMinutes(1));
        assertTrue(local.takeNow(KEYS, limits, true).allowed());
        Decision refused = local.takeNow(KEYS, limits, true);
        assertFalse(refused.allowed());
        assertEquals(Decision.WRITES, refused.bucket());
        assertEquals(3, local.takeNow(KEYS, limits, false).remaining()); // 5 - 1 write - this read
    }

    @Test
    void newLimitsForACallerGiveItNewBuckets() {
        LocalBuckets local = new LocalBuckets();
        local.takeNow(KEYS, LIMITS, false);
        Decision decision = local.takeNow(KEYS, new Limits(10, 2, Duration.ofMinutes(1)), false);
        assertEquals(10, decision.limit());
        assertEquals(9, decision.remaining());
    }

    private static Decision take(RateLimiter limiter) {
        return limiter.take(KEYS, LIMITS, false).await().atMost(Duration.ofSeconds(1));
    }
}
