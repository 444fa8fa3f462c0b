package io.datably.testsupport;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.InetSocketAddress;
import java.util.Map;

/** An in-process MongoDB wire-protocol server (no MongoDB server is installable on the build machines). */
public class MongoServerResource implements QuarkusTestResourceLifecycleManager {
    private MongoServer server;

    @Override
    public Map<String, String> start() {
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
