package io.datably.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Rate limits, under {@code datably.rate-limit.*} (environment: {@code DATABLY_RATE_LIMIT_...}). */
@ConfigMapping(prefix = "datably.rate-limit")
public interface RateLimitConfig {

    /**
     * Whether requests are limited. Unset: on in enforced mode, off in local mode (a developer's machine, benchmarks,
     * test suites), so that nobody meets a 429 they did not ask for.
     */
    Optional<Boolean> enabled();

    /** Requests one caller may make per window: the capacity of its bucket, refilled evenly over the window. */
    @WithDefault("100")
    int requests();

    /** The window {@link #requests()} is counted over. */
    @WithDefault("1m")
    Duration window();

    /**
     * Writes (POST, PUT, PATCH, DELETE) one caller may send back to back: the capacity of its write bucket, refilled
     * at the pace of {@link #requests()}. Writes draw on both buckets.
     */
    @WithDefault("10")
    int writeBurst();

    /** Limits of a tenant's callers, by tenant id; what an entry leaves unset stays the default. */
    Map<String, Override> tenants();

    /**
     * Limits of the callers holding a role, by role name; they take precedence over the tenant's. A caller with
     * several such roles gets the most generous value of each.
     */
    Map<String, Override> roles();

    /** Prefix of the Redis keys of the buckets: replicas sharing a budget must share it. */
    @WithDefault("datably:rate-limit:")
    String keyPrefix();

    /**
     * How long a bucket operation may wait for Redis before this instance counts Redis as unreachable: long enough
     * that an instance starved of CPU does not take its own slowness for the loss of Redis.
     */
    @WithDefault("2s")
    Duration redisTimeout();

    /** While Redis is unreachable, how often the instance tries it again (meanwhile it keeps buckets of its own). */
    @WithDefault("5s")
    Duration redisRetry();

    /** One tenant's or role's limits. */
    interface Override {
        OptionalInt requests();

        OptionalInt writeBurst();
    }
}
