package io.datably.testsupport;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;

/**
 * An in-process MongoDB wire-protocol server (no MongoDB server is installable on the build machines), unless a real
 * one is given ({@link #realServer()}).
 */
public class MongoServerResource implements QuarkusTestResourceLifecycleManager {
    private MongoServer server;

    /**
     * The one setting that runs the suite against a real MongoDB instead: {@code quarkus.mongodb.connection-string}
     * given to the test JVM ({@code ./mvnw test -Dquarkus.mongodb.connection-string=mongodb://host:27017}, or the
     * environment variable {@code QUARKUS_MONGODB_CONNECTION_STRING}). Tenants are random per test, so a shared server
     * keeps no test from another's data (their databases {@code t_<tenant>} are left behind).
     */
    static Optional<String> realServer() {
        return Optional.ofNullable(System.getProperty("quarkus.mongodb.connection-string"))
                .or(() -> Optional.ofNullable(System.getenv("QUARKUS_MONGODB_CONNECTION_STRING")))
                .filter(s -> !s.isBlank());
    }

    @Override
    public Map<String, String> start() {
        if (realServer().isPresent()) {
            return Map.of("quarkus.mongodb.connection-string", realServer().get());
        }
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        return Map.of("quarkus.mongodb.connection-string",
                "mongodb://127.0.0.1:" + address.getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }
}
