package io.datably.error;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/** MongoDB configured at a port nothing listens on, with a short server selection: the document store is out. */
public class MongoDown implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.mongodb.connection-string", "mongodb://127.0.0.1:" + closedPort(),
                "quarkus.mongodb.server-selection-timeout", "1s",
                "quarkus.mongodb.connect-timeout", "1s");
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
