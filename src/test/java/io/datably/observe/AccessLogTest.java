package io.datably.observe;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The access log, as production turns it on: a line per request, without its query or any token. */
@QuarkusTest
@TestProfile(AccessLogTest.Logged.class)
class AccessLogTest {
    private static final Path DIR = Path.of("target", "access-log-test");

    public static class Logged implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(DIR); // the log receiver makes the file, not its directory
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Map.of("quarkus.http.access-log.enabled", "true",
                    "quarkus.http.access-log.log-to-file", "true",
                    "quarkus.http.access-log.log-directory", DIR.toAbsolutePath().toString(),
                    "quarkus.http.access-log.base-file-name", "access");
        }
    }

    @Test
    void aLineForTheRequestWithoutTokenOrQuery() throws Exception {
        String requestId = given().header("Authorization", "Bearer eyJ.secret-token-4711.sig")
                .header("X-Tenant", "accesslog").queryParam("email", "someone@example.com")
                .get("/api/apps/").then().extract().header("X-Request-Id");
        String line = awaitLineWith(requestId);
        assertTrue(line.matches(".*\"GET /api/apps/ HTTP/1\\.1\" 200 \\d+ \\d+ ms " + requestId), line);
        assertFalse(line.contains("secret-token-4711"), "a token in the access log: " + line);
        assertFalse(line.contains("someone@example.com"), "a query in the access log: " + line);
    }

    private static String awaitLineWith(String text) throws IOException, InterruptedException {
        Path file = DIR.resolve("access.log");
        for (int i = 0; i < 50; i++) {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    if (line.contains(text)) {
                        return line;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no access log line with " + text + " in " + file);
    }
}
