package io.datably.ratelimit;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Takes from a caller's buckets in Redis, so that every replica counts against one budget; when Redis cannot be
 * reached, from buckets of this instance instead (each replica then grants the limits on its own), never failing the
 * request. One WARN says so when Redis is lost and one INFO when it answers again; meanwhile Redis is tried again
 * every {@code datably.rate-limit.redis-retry}, not on each request.
 */
@ApplicationScoped
class RateLimiter {
    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    /** No outage: {@link #retryAt} holds this. */
    private static final long UP = Long.MIN_VALUE;

    private final Buckets shared;
    private final Buckets local;
    private final long retryNanos;
    private final LongSupplier clock;
    /** While Redis is out: when to try it again (System.nanoTime); {@link #UP} while it answers. */
    private final AtomicLong retryAt = new AtomicLong(UP);

    @Inject
    RateLimiter(RedisBuckets shared, LocalBuckets local, RateLimitConfig config) {
        this(shared, local, config.redisRetry(), System::nanoTime);
    }

    RateLimiter(Buckets shared, Buckets local, Duration retry, LongSupplier clock) {
        this.shared = shared;
        this.local = local;
        this.retryNanos = retry.toNanos();
        this.clock = clock;
    }

    /** At start-up, with limits on: Redis made ready for the first request, or known to be out (and said so) now. */
    void prepare(@Observes StartupEvent started, LimitPolicy policy) {
        if (policy.enabled()) {
            shared.prepare().subscribe().with(ready -> recovered(), this::lost);
        }
    }

    Uni<Decision> take(BucketKeys keys, Limits limits, boolean write) {
        long retry = retryAt.get();
        if (retry != UP && clock.getAsLong() - retry < 0) {
            return local.take(keys, limits, write);
        }
        return shared.take(keys, limits, write)
                .invoke(decision -> recovered())
                .onFailure().recoverWithUni(failure -> {
                    lost(failure);
                    return local.take(keys, limits, write);
                });
    }

    /** Whether buckets are kept in this instance now, Redis being out. */
    boolean redisOut() {
        return retryAt.get() != UP;
    }

    private void lost(Throwable failure) {
        long previous = retryAt.getAndSet(clock.getAsLong() + retryNanos);
        if (previous == UP) {
            LOG.warnf("Redis cannot be reached for rate limits (%s): each instance counts requests on its own until "
                    + "it answers again (tried every %d s)", reason(failure), retryNanos / 1_000_000_000);
        }
    }

    private void recovered() {
        if (retryAt.get() != UP && retryAt.getAndSet(UP) != UP) {
            LOG.info("Redis answers again: rate limits are shared by every instance once more");
        }
    }

    private static String reason(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
