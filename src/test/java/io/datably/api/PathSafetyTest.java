package io.datably.api;

import static io.datably.testsupport.Api.as;
import static io.datably.testsupport.Api.assertProblem;
import static io.datably.testsupport.Api.createApp;
import static io.datably.testsupport.Api.dsPath;
import static io.datably.testsupport.Api.insert;
import static io.datably.testsupport.Api.recordsPath;
import static io.datably.testsupport.Api.tablePath;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datably.testsupport.Api;
import io.datably.testsupport.RawHttp;
import io.datably.testsupport.RawHttp.Answer;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a request addresses is what its path says, segment by segment: dot segments (in any encoding), empty
 * segments and matrix parameters are refused before routing instead of being folded into another resource's path;
 * encoded slashes and backslashes stay inside their segment. Requests go out byte for byte (no client clean-up).
 */
@QuarkusTest
class PathSafetyTest {
    private static final String KEYED = "{\"fields\":[{\"name\":\"k\",\"type\":\"string\"}],\"primaryKey\":[\"k\"]}";

    private String tenant;
    private String app;
    private String table;

    @BeforeEach
    void tableWithRecords() {
        Api api = Api.newTenant();
        tenant = api.tenantId();
        String ds = api.createDataSource("flat_table");
        app = ds.split("/")[3];
        String records = api.createTable(ds, "t", KEYED);
        table = tablePath(app, "ds", "t");
        insert(tenant, records, "[{\"k\":\"a/b\"},{\"k\":\"a;b\"},{\"k\":\"a\\\\b\"},{\"k\":\"a\"}]");
    }

    private void assertTableIntact() {
        as(tenant).get(table).then().log().ifValidationFails().statusCode(200).body("is_active", equalTo(true));
        as(tenant).get(dsPath(app, "ds")).then().statusCode(200).body("is_active", equalTo(true));
    }

    /** A 400 DS101 naming the route parameter the segment fills ("path" when it fills none) and quoting it. */
    private static void assertPathRefused(Answer answer, String parameter, String segment) {
        assertEquals(400, answer.status(), answer.toString());
        assertTrue(answer.header("content-type").startsWith("application/problem+json"), answer.toString());
        assertEquals("DS101", answer.json().path("code").asText(), answer.toString());
        assertEquals(parameter, answer.json().path("errors").path(0).path("field").asText(), answer.toString());
        assertTrue(answer.json().path("detail").asText().contains(segment), answer.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"%2e%2e", "%2E%2E", ".%2e", "%2e.", "%2E.", ".%2E", "..", "%2e", "%2E", ".", "..;x",
            "%2e%2e;x"})
    void dotSegmentsNeverReachAnotherResource(String segment) {
        // DELETE .../indexes/%2e%2e/ used to be folded into DELETE .../datatables/t/ and soft-deleted the table.
        assertPathRefused(RawHttp.send("DELETE", table + "indexes/" + segment + "/", tenant, null, null), "name",
                segment);
        assertPathRefused(RawHttp.send("DELETE", table + "indexes/" + segment, tenant, null, null), "name", segment);
        assertPathRefused(RawHttp.send("DELETE", table + "records/a/" + segment + "/", tenant, null, null), "path",
                segment);
        assertTableIntact();
        as(tenant).get(recordsPath(app, "ds", "t") + "a/").then().statusCode(200);
    }

    @Test
    void dotSegmentsAreRefusedInEverySegmentUnderApi() {
        for (String[] refused : List.of(new String[] {"/api/%2e%2e/api/apps/", "path", "%2e%2e"},
                new String[] {"/api/apps/%2e/", "app", "%2e"},
                new String[] {"/api/apps/" + app + "/%2E%2E/", "path", "%2E%2E"},
                new String[] {dsPath(app, "ds") + "%2e%2e/" + app + "/stats/", "path", "%2e%2e"},
                new String[] {dsPath(app, "ds") + "records/t/%2e%2e", "ids", "%2e%2e"},
                new String[] {dsPath(app, "ds") + "records/%2e", "table", "%2e"},
                new String[] {recordsPath(app, "ds", "t") + "%2e%2e/?page=1", "pk", "%2e%2e"},
                new String[] {dsPath(app, "%2e%2e") + "datatables/", "ds", "%2e%2e"})) {
            assertPathRefused(RawHttp.get(refused[0], tenant), refused[1], refused[2]);
        }
    }

    @Test
    void doubleEncodedDotsAreOnlyText() {
        Answer answer = RawHttp.send("DELETE", table + "indexes/%252e%252e/", tenant, null, null);
        assertEquals(404, answer.status(), answer.toString());
        assertTrue(answer.json().path("detail").asText().contains("%2e%2e"), answer.toString());
        assertTableIntact();
    }

    @Test
    void emptySegmentsAreRefused() {
        // /api/apps//stats/ would otherwise be folded into /api/apps/stats/: the app named "stats".
        createApp(tenant, "Stats", "stats");
        assertPathRefused(RawHttp.get("/api/apps//stats/", tenant), "path", "//");
        assertPathRefused(RawHttp.send("DELETE", "/api/apps/" + app + "/datasources//ds/", tenant, null, null), "path",
                "//");
        assertPathRefused(RawHttp.send("DELETE", table + "/", tenant, null, null), "path", "//");
        assertTableIntact();
    }

    @Test
    void encodedSlashesAndBackslashesStayInTheirSegment() {
        String records = recordsPath(app, "ds", "t");
        as(tenant).urlEncodingEnabled(false).get(records + "a%2Fb/").then().statusCode(200).body("k", equalTo("a/b"));
        as(tenant).urlEncodingEnabled(false).get(records + "a%5Cb/").then().statusCode(200).body("k", equalTo("a\\b"));
        assertProblem(as(tenant).urlEncodingEnabled(false).get("/api/apps/" + app + "%2Fdatasources/"), 404, "DS104")
                .body("detail", containsString(app + "/datasources"));
        assertProblem(as(tenant).urlEncodingEnabled(false).delete(table + "indexes%2F..%2F"), 404, "DS104");
        assertProblem(as(tenant).urlEncodingEnabled(false).get("/api/apps/" + app + "%5Cdatasources/"), 404, "DS104")
                .body("detail", containsString(app + "\\datasources"));
        // A raw backslash is refused by the HTTP layer itself (Netty), before anything routes it.
        assertEquals(400, RawHttp.get("/api/apps/" + app + "\\datasources/", tenant).status());
        assertTableIntact();
    }

    @Test
    void matrixParametersAreRefusedAndAnEncodedSemicolonIsText() {
        // Unencoded, ";b" would be dropped as a matrix parameter and the request would address record "a".
        assertPathRefused(RawHttp.get(recordsPath(app, "ds", "t") + "a;b/", tenant), "pk", "a;b");
        assertPathRefused(RawHttp.get("/api/apps/" + app + ";x=1/stats/", tenant), "app", ";x=1");
        as(tenant).urlEncodingEnabled(false).get(recordsPath(app, "ds", "t") + "a%3Bb/").then().statusCode(200)
                .body("k", equalTo("a;b"));
    }

    @Test
    void aRefusedPathNamesTheSegmentAsSent() {
        Answer answer = RawHttp.send("DELETE", table + "indexes/.%2E/", tenant, null, null);
        assertPathRefused(answer, "name", ".%2E");
        assertTableIntact();
    }
}
