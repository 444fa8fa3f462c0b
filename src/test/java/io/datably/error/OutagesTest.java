package io.datably.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.DriverManager;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Which failures say a dependency is out. The connection failures are the real drivers' own, met against a port nothing
 * listens on; the SQLSTATEs a restarting PostgreSQL sends (57P01, 57P03) are built as the reactive client builds them
 * (scripts/pg-restart.sh meets them from a real restart).
 */
class OutagesTest {
    @Test
    void theReactivePostgresClientRefusedAConnection() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            PgConnectOptions options = new PgConnectOptions().setHost("127.0.0.1").setPort(closedPort())
                    .setDatabase("x").setUser("postgres");
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> PgConnection.connect(vertx, options).toCompletionStage().toCompletableFuture()
                            .get(10, TimeUnit.SECONDS));
            assertEquals(Optional.of(Outages.Dependency.POSTGRESQL), Outages.of(failure.getCause()));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theJdbcDriverCouldNotConnect() {
        Exception failure = assertThrows(Exception.class,
                () -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + closedPort() + "/x", "postgres", ""));
        assertEquals(Optional.of(Outages.Dependency.POSTGRESQL), Outages.of(failure));
    }

    @Test
    void mongoDbCouldNotBeReached() {
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + closedPort()
                + "/?serverSelectionTimeoutMS=300&connectTimeoutMS=300")) {
            Exception failure = assertThrows(Exception.class,
                    () -> client.getDatabase("x").getCollection("y").insertOne(new Document("a", 1)));
            assertEquals(Optional.of(Outages.Dependency.MONGODB), Outages.of(failure));
        }
    }

    @Test
    void aServerShuttingDownOrStartingUpIsAnOutage() {
        for (String state : new String[] {"57P01", "57P02", "57P03", "08006", "53300"}) {
            PgException pg = new PgException("the database system is shutting down", "FATAL", state, null);
            assertEquals(Optional.of(Outages.Dependency.POSTGRESQL), Outages.of(pg), state);
        }
        assertEquals(Optional.of(Outages.Dependency.POSTGRESQL), Outages.of(ClosedConnectionException.INSTANCE));
        // What Netty reports when the server drops the connection mid-request (seen in scripts/pg-restart.sh).
        assertEquals(Optional.of(Outages.Dependency.POSTGRESQL), Outages.of(new java.net.SocketException(
                "Connection reset")));
    }

    /** Wrapped as the providers wrap what they do not translate: the cause decides. */
    @Test
    void aProviderErrorCausedByALostConnectionIsAnOutage() {
        DatablyException wrapped = DatablyException.providerError(new RuntimeException(
                ClosedConnectionException.INSTANCE));
        assertEquals(Optional.of(Outages.Dependency.POSTGRESQL), Outages.of(wrapped));
        DatablyException answer = Outages.answer(wrapped).orElseThrow();
        assertEquals(ErrorCode.UNAVAILABLE, answer.code());
        assertEquals(2, answer.retryAfter());
        assertEquals("postgresql", answer.extensions().get("dependency"));
        assertEquals("The database (PostgreSQL) cannot be reached or is restarting: the request was not carried out; "
                + "send it again after Retry-After seconds", answer.getMessage());
    }

    @Test
    void failuresOfTheRequestOrOfTheServiceAreNot() {
        assertEquals(Optional.empty(), Outages.of(new PgException("duplicate key", "ERROR", "23505", null)));
        assertEquals(Optional.empty(), Outages.of(new PgException("syntax error", "ERROR", "42601", null)));
        assertEquals(Optional.empty(), Outages.of(DatablyException.providerError(new IllegalStateException("bug"))));
        assertEquals(Optional.empty(), Outages.of(new DatablyException(ErrorCode.INVALID_PARAMETER, "bad")));
        Exception same = new IllegalStateException("no cause");
        assertEquals(same, Outages.translate(same));
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
