package io.datably.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An all-or-nothing import holds a PostgreSQL transaction from its first batch to its last. A client that uploads
 * slowly must not hold it (nor its connection) while it uploads: the body is read to its end first.
 */
@QuarkusTest
class SlowImportTest {
    @Inject
    Pool pool;

    @ParameterizedTest
    @ValueSource(strings = {"flat_table", "jsonb"})
    void aSlowUploadHoldsNoTransactionWhileItUploads(String provider) throws Exception {
        Api api = Api.newTenant();
        String records = api.createTable(api.createDataSource(provider), "items", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "qty", "type": "integer"}],
                 "primaryKey": ["id"]}""");
        PipedInputStream body = new PipedInputStream(1 << 16);
        OutputStream upload = new PipedOutputStream(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                        + records.replaceFirst("records/$", "imports/")))
                .header("X-Tenant", api.tenantId()).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).timeout(Duration.ofSeconds(60)).build();
        CompletableFuture<HttpResponse<String>> answer = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofString());
        // Several batches (1000 rows each) arrive, then the client stalls.
        write(upload, "id,qty\n", 1, 5_000);
        Thread.sleep(1_500);
        assertEquals(0L, transactionsLeftOpen(), "a connection waits in a transaction for the upload");
        write(upload, "", 5_001, 6_000);
        upload.close();
        HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(6_000, Api.json(response.body()).get("rows_written").asInt(), response.body());
        assertEquals(6_000, Api.count(api.tenantId(), records + "?count=exact"));
    }

    private static void write(OutputStream upload, String header, int from, int to) throws IOException {
        StringBuilder csv = new StringBuilder(header);
        for (int i = from; i <= to; i++) {
            csv.append(i).append(',').append(i % 7).append('\n');
        }
        upload.write(csv.toString().getBytes(StandardCharsets.UTF_8));
        upload.flush();
    }

    /** Connections to this database that sit in an open transaction, waiting. */
    private long transactionsLeftOpen() {
        return pool.query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        + "AND state LIKE 'idle in transaction%'").execute().await().indefinitely()
                .iterator().next().getLong(0);
    }
}
