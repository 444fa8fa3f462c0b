package io.datably.ratelimit;

import io.datably.observe.Latency;
import io.micrometer.core.instrument.MeterRegistry;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Buckets in Redis, shared by every replica: one Lua script ({@code ratelimit/take-token.lua}) reads, refills and
 * takes from a caller's buckets in one step, on Redis' clock. Bucket4j's Redis backends need another client (Jedis,
 * Lettuce or Redisson) and keep a bucket's state by compare-and-swap on the client's clock, which retries under a
 * burst on one key and lets replicas whose clocks differ disagree; the script does neither.
 */
@ApplicationScoped
class RedisBuckets implements Buckets {
    static final String SCRIPT = load("/ratelimit/take-token.lua");
    private static final String SCRIPT_SHA = sha1(SCRIPT);

    private final ReactiveRedisDataSource redis;
    private final Duration timeout;
    private final MeterRegistry metrics;

    RedisBuckets(ReactiveRedisDataSource redis, RateLimitConfig config, MeterRegistry metrics) {
        this.redis = redis;
        this.metrics = metrics;
        this.timeout = config.redisTimeout();
    }

    @Override
    public Uni<Decision> take(BucketKeys keys, Limits limits, boolean write) {
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(write ? 2 : 1));
        args.add(keys.all());
        if (write) {
            args.add(keys.writes());
        }
        args.add(String.valueOf(limits.window().toNanos() / 1000));
        args.add(String.valueOf(limits.requests()));
        args.add(String.valueOf(limits.writeBurst()));
        // The script by its digest; Redis has forgotten it after a restart (NOSCRIPT): then sent whole, once.
        return Latency.timed(metrics, "datably.ratelimit.redis", "take", run(Command.EVALSHA, SCRIPT_SHA, args)
                .onFailure(RedisBuckets::unknownScript).recoverWithUni(() -> run(Command.EVAL, SCRIPT, args))
                .ifNoItem().after(timeout).fail())
                .map(RedisBuckets::decision);
    }

    /** Opens a connection and loads the script, so that the first request finds both. */
    @Override
    public Uni<Void> prepare() {
        return redis.execute(Command.SCRIPT, "LOAD", SCRIPT).ifNoItem().after(timeout).fail().replaceWithVoid();
    }

    private Uni<Response> run(Command command, String script, List<String> args) {
        List<String> all = new ArrayList<>(args.size() + 1);
        all.add(script);
        all.addAll(args);
        return redis.execute(command, all.toArray(String[]::new));
    }

    private static boolean unknownScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
    }

    private static Decision decision(Response reply) {
        return new Decision(reply.get(0).toInteger() == 1, reply.get(1).toInteger(), reply.get(2).toLong(),
                reply.get(3).toLong(), reply.get(4).toLong(), reply.get(5).toLong());
    }

    private static String load(String resource) {
        try (InputStream in = RedisBuckets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
