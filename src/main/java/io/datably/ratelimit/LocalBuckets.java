package io.datably.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Buckets of this instance alone (Bucket4j's), used while Redis cannot be reached: the same limits, counted per
 * instance. A caller's buckets are forgotten once they would be full again (a missing bucket is a full one), and at
 * most {@value #MAX_CALLERS} callers are kept, the least recent forgotten first.
 */
@ApplicationScoped
class LocalBuckets implements Buckets {
    static final int MAX_CALLERS = 100_000;

    /** A caller's two buckets, made for its limits (its roles may change between tokens: then it gets new ones). */
    private record Pair(Limits limits, Bucket all, Bucket writes) {
        static Pair of(Limits limits) {
            return new Pair(limits, bucket(limits.requests(), limits), bucket(limits.writeBurst(), limits));
        }

        private static Bucket bucket(int capacity, Limits limits) {
            return Bucket.builder().addLimit(limit -> limit.capacity(capacity)
                    .refillGreedy(limits.requests(), limits.window())).build();
        }

        /** Time for the larger bucket to refill from empty. */
        Duration refill() {
            return limits.window().multipliedBy(Math.max(limits.requests(), limits.writeBurst()))
                    .dividedBy(limits.requests());
        }
    }

    /** Housekeeping (expiry, eviction) runs on the calling thread: an event loop must not wait for a pool's thread. */
    private final Cache<String, Pair> callers = Caffeine.newBuilder().maximumSize(MAX_CALLERS)
            .expireAfter(Expiry.accessing((String key, Pair pair) -> pair.refill())).executor(Runnable::run).build();

    @Override
    public Uni<Decision> take(BucketKeys keys, Limits limits, boolean write) {
        return Uni.createFrom().item(() -> takeNow(keys, limits, write));
    }

    Decision takeNow(BucketKeys keys, Limits limits, boolean write) {
        Pair pair = callers.asMap().compute(keys.all(),
                (key, found) -> found != null && found.limits().equals(limits) ? found : Pair.of(limits));
        ConsumptionProbe all = pair.all().tryConsumeAndReturnRemaining(1);
        if (!all.isConsumed()) {
            long wait = all.getNanosToWaitForRefill();
            if (write) {
                wait = Math.max(wait, pair.writes().estimateAbilityToConsume(1).getNanosToWaitForRefill());
            }
            return decision(false, Decision.ALL, limits.requests(), all, wait);
        }
        if (!write) {
            return decision(true, Decision.ALL, limits.requests(), all, 0);
        }
        ConsumptionProbe writes = pair.writes().tryConsumeAndReturnRemaining(1);
        if (!writes.isConsumed()) {
            pair.all().addTokens(1); // a refused request takes from no bucket
            return decision(false, Decision.WRITES, limits.writeBurst(), writes, writes.getNanosToWaitForRefill());
        }
        return writes.getRemainingTokens() < all.getRemainingTokens()
                ? decision(true, Decision.WRITES, limits.writeBurst(), writes, 0)
                : decision(true, Decision.ALL, limits.requests(), all, 0);
    }

    private static Decision decision(boolean allowed, int bucket, long limit, ConsumptionProbe probe, long waitNanos) {
        return new Decision(allowed, bucket, limit, probe.getRemainingTokens(),
                millis(probe.getNanosToWaitForReset()), millis(waitNanos));
    }

    private static long millis(long nanos) {
        return (nanos + 999_999) / 1_000_000;
    }
}
