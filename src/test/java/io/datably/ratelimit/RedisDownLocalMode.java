package io.datably.ratelimit;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Local mode with rate limits switched on by their one setting, at their default limits, and Redis pointed at a port
 * nothing listens on.
 */
public class RedisDownLocalMode implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("datably.rate-limit.enabled", "true",
                "quarkus.redis.hosts", "redis://127.0.0.1:" + closedPort());
    }

    /** A port that was free a moment ago, and closed again. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
