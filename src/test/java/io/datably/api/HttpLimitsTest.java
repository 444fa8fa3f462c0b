package io.datably.api;

import static io.datably.testsupport.Api.as;
import static io.datably.testsupport.Api.count;
import static io.datably.testsupport.Api.createApp;
import static io.datably.testsupport.Api.hex;
import static io.datably.testsupport.Api.newTenantId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datably.testsupport.RawHttp;
import io.datably.testsupport.RawHttp.Answer;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the HTTP layer refuses answers problem+json where a handler can still run: bad percent-encoding (400), a
 * body over the limit (413). A URL or headers over the limits are refused by Netty before any handler runs: those
 * keep their status with an empty body (README "Limits").
 */
@QuarkusTest
class HttpLimitsTest {
    private static final long MAX_BODY = 10240 * 1024;

    private String tenant;

    @BeforeEach
    void tenant() {
        tenant = newTenantId("lim");
    }

    @ParameterizedTest
    @ValueSource(strings = {"?name=%", "?search=%zz", "?search=a%4", "?page=%G1", "a%zz/", "a\\b/"})
    void targetsThatQuarkusCannotParseAreA400WithoutBody(String target) {
        // Quarkus checks every request target with java.net.URI before any handler runs and answers 400 alone.
        Answer answer = RawHttp.get("/api/apps/" + target, tenant);
        assertEquals(400, answer.status(), answer.toString());
        assertEquals("", answer.body());
    }

    @Test
    void failuresVertxRaisesWhileRoutingAreProblems() {
        // HTTP/1.1 requires a Host header; Vert.x fails the request before routing it.
        Answer answer = RawHttp.exchange(("GET /api/apps/ HTTP/1.1\r\nX-Tenant: " + tenant
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(400, answer.status(), answer.toString());
        assertTrue(answer.header("content-type").startsWith("application/problem+json"), answer.toString());
        assertTrue(answer.json().path("detail").asText().contains("Host"), answer.toString());
    }

    private static Answer declaredBody(String method, String path, String tenant, long length) {
        String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Tenant: " + tenant
                + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n{\"name\":\"";
        return RawHttp.exchange(head.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aBodyDeclaredOverTheLimitIsA413Problem() {
        String app = createApp(tenant, "App", "app-" + hex(6));
        for (String path : List.of("/api/apps/", "/api/apps/" + app + "/datasources/",
                "/api/apps/" + app + "/datasources/ds/records/t")) {
            Answer answer = declaredBody("POST", path, tenant, 12 * 1024 * 1024);
            assertEquals(413, answer.status(), answer.toString());
            assertTrue(answer.header("content-type").startsWith("application/problem+json"), answer.toString());
            assertEquals("DS108", answer.json().path("code").asText());
            assertEquals("body", answer.json().path("errors").path(0).path("field").asText());
            assertTrue(answer.json().path("detail").asText().contains(String.valueOf(MAX_BODY)), answer.toString());
            assertEquals("close", answer.header("connection"));
        }
        assertEquals(413, declaredBody("POST", "/api/apps/", tenant, MAX_BODY + 1).status());
        assertEquals(1, count(tenant, "/api/apps/"));
    }

    /** Imports have a limit of their own (datably.import.max-body-size, 1 GiB), named by the 413 beyond it. */
    @Test
    void anImportHasItsOwnBodyLimit() {
        String imports = "/api/apps/a/datasources/ds/datatables/t/imports/";
        Answer answer = declaredBody("POST", imports, tenant, (1L << 30) + 1);
        assertEquals(413, answer.status(), answer.toString());
        assertEquals("DS108", answer.json().path("code").asText());
        assertTrue(answer.json().path("detail").asText().contains("datably.import.max-body-size"), answer.toString());
        assertTrue(answer.json().path("detail").asText().contains(String.valueOf(1L << 30)), answer.toString());
        // The general limit is named too, and does not apply to an import.
        assertTrue(declaredBody("POST", "/api/apps/", tenant, MAX_BODY + 1).json().path("detail").asText()
                .contains("datably.http.max-body-size"));
        assertEquals(413, declaredBody("POST", imports + "x/", tenant, MAX_BODY + 1).status());
    }

    @Test
    void aChunkedBodyOverTheLimitIsCutOffWith413() {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("POST /api/apps/ HTTP/1.1\r\nHost: localhost\r\nX-Tenant: " + tenant
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n9\r\n{\"name\":\"\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = ("100000\r\n" + "a".repeat(0x100000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 12; i++) {
            request.writeBytes(chunk);
        }
        request.writeBytes("2\r\n\"}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        Answer answer = RawHttp.exchange(request.toByteArray());
        // Without a declared length only the stream reader sees the size, after the answer can be shaped: no body.
        assertEquals(413, answer.status(), answer.toString());
        assertEquals(0, count(tenant, "/api/apps/"));
    }

    @Test
    void aUrlOverTheLimitIsA414WithoutBody() {
        Answer answer = RawHttp.get("/api/apps/?search=" + "a".repeat(5000), tenant);
        assertEquals(414, answer.status(), answer.toString());
        // Just under the limit (4096 bytes for the request line), the request is served.
        as(tenant).get("/api/apps/?search=" + "a".repeat(4000)).then().statusCode(200);
    }

    @Test
    void headersOverTheLimitAreA431WithoutBody() {
        String head = "GET /api/apps/ HTTP/1.1\r\nHost: localhost\r\nX-Tenant: " + tenant + "\r\nX-Big: "
                + "a".repeat(25_000) + "\r\n\r\n";
        Answer answer = RawHttp.exchange(head.getBytes(StandardCharsets.US_ASCII));
        assertEquals(431, answer.status(), answer.toString());
    }
}
