package io.datably.api;

import static io.datably.testsupport.Api.as;
import static io.datably.testsupport.Api.assertProblem;
import static io.datably.testsupport.Api.count;
import static io.datably.testsupport.Api.createApp;
import static io.datably.testsupport.Api.createDataSource;
import static io.datably.testsupport.Api.createTable;
import static io.datably.testsupport.Api.dsPath;
import static io.datably.testsupport.Api.hex;
import static io.datably.testsupport.Api.insert;
import static io.datably.testsupport.Api.json;
import static io.datably.testsupport.Api.newTenantId;
import static io.datably.testsupport.Api.recordsPath;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
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
 * Text that is not valid Unicode is refused, never altered: overlong UTF-8 ({@code C0 AE} is not '.'), bytes that
 * are not UTF-8, and UTF-16 surrogates that are not half of a pair ({@code "\ud800"}, which the stores would keep as
 * '?'). Bodies answer 400 DS100 naming the JSON path or form field; the URL's path and parameters 400 DS101.
 */
@QuarkusTest
class TextEncodingTest {
    private static final String SCHEMA = "{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},"
            + "{\"name\":\"name\",\"type\":\"string\"}],\"primaryKey\":[\"id\"]}";

    private String tenant;

    @BeforeEach
    void tenant() {
        tenant = newTenantId("utf");
    }

    /** JSON text with raw bytes spliced in where the text has '#': {@code bytes("{\"a\":\"#\"}", 0xC0, 0xAE)}. */
    private static byte[] bytes(String json, int... raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] parts = json.split("#", -1);
        out.writeBytes(parts[0].getBytes(StandardCharsets.UTF_8));
        for (int b : raw) {
            out.write(b);
        }
        out.writeBytes(parts[1].getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void assertBodyRefused(Answer answer, String field) {
        assertEquals(400, answer.status(), answer.toString());
        assertTrue(answer.header("content-type").startsWith("application/problem+json"), answer.toString());
        assertEquals("DS100", answer.json().path("code").asText(), answer.toString());
        if (field != null) {
            assertEquals(field, answer.json().path("errors").path(0).path("field").asText(), answer.toString());
        }
    }

    private String table(String provider) {
        String app = createApp(tenant, "App", "app-" + hex(6));
        createDataSource(tenant, app, "ds", provider);
        createTable(tenant, app, "ds", "t", SCHEMA);
        return recordsPath(app, "ds", "t");
    }

    @Test
    void overlongUtf8InAJsonBodyIsRefusedNotReadAsADot() {
        // Jackson alone reads C0 AE as '.': the app used to be created as "a.b".
        Answer answer = RawHttp.send("POST", "/api/apps/", tenant, "application/json",
                bytes("{\"name\":\"a#b\"}", 0xC0, 0xAE));
        assertBodyRefused(answer, null);
        assertTrue(answer.json().path("detail").asText().contains("C0 AE"), answer.toString());
        for (int[] invalid : List.of(new int[] {0xFF}, new int[] {0xE0, 0x80, 0xAE}, new int[] {0xED, 0xA0, 0x80},
                new int[] {0xF4, 0x90, 0x80, 0x80}, new int[] {0xC3})) {
            assertBodyRefused(RawHttp.send("POST", "/api/apps/", tenant, "application/json",
                    bytes("{\"name\":\"a#b\"}", invalid)), null);
        }
        assertEquals(0, count(tenant, "/api/apps/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat_table", "jsonb", "mongodb"})
    void loneSurrogatesInRecordsAreRefusedNotStoredAsQuestionMarks(String provider) {
        String records = table(provider);
        for (String escaped : List.of("\\ud800", "\\udfff", "x\\ud800\\u0041", "\\udc00\\ud800", "\\ud800\\ud800")) {
            assertBodyRefused(RawHttp.send("POST", records, tenant, "application/json",
                    ("{\"id\":1,\"name\":\"" + escaped + "\"}").getBytes(StandardCharsets.UTF_8)), "name");
            assertBodyRefused(RawHttp.send("POST", records, tenant, "application/json",
                    ("[{\"id\":2,\"name\":\"ok\"},{\"id\":1,\"name\":\"" + escaped + "\"}]")
                            .getBytes(StandardCharsets.UTF_8)), "[1].name");
        }
        assertEquals(0, count(tenant, records));
        // A pair is one character, stored and returned as sent; an escaped backslash is only text.
        insert(tenant, records, "{\"id\":1,\"name\":\"\\ud83d\\ude00 \\\\ud800\"}");
        as(tenant).get(records + "1/").then().statusCode(200).body("name", equalTo("\uD83D\uDE00 \\ud800"));
        assertBodyRefused(RawHttp.send("PATCH", records + "1/", tenant, "application/json",
                "{\"name\":\"\\ud800\"}".getBytes(StandardCharsets.UTF_8)), "name");
        assertBodyRefused(RawHttp.send("POST", records + "query/", tenant, "application/json",
                "{\"where\":{\"field\":\"name\",\"op\":\"eq\",\"value\":\"\\udc00\"}}"
                        .getBytes(StandardCharsets.UTF_8)),
                "where.value");
        as(tenant).get(records + "1/").then().statusCode(200).body("name", equalTo("\uD83D\uDE00 \\ud800"));
    }

    @Test
    void loneSurrogatesInCatalogBodiesNameTheirJsonPath() {
        assertBodyRefused(RawHttp.send("POST", "/api/apps/", tenant, "application/json",
                "{\"name\":\"a\\ud800b\"}".getBytes(StandardCharsets.UTF_8)), "name");
        String app = createApp(tenant, "App", "app-" + hex(6));
        createDataSource(tenant, app, "ds", "flat_table");
        // A field name with a lone surrogate used to fail the changelog's YAML at materialization: a 500.
        Answer schema = RawHttp.send("POST", dsPath(app, "ds") + "datatables/", tenant, "application/json",
                ("{\"name\":\"t\",\"json_schema\":{\"fields\":[{\"name\":\"ok\"},{\"name\":\"a\\ud800\"}]}}")
                        .getBytes(StandardCharsets.UTF_8));
        assertBodyRefused(schema, "json_schema.fields[1].name");
        Answer key = RawHttp.send("POST", dsPath(app, "ds") + "datatables/", tenant, "application/json",
                ("{\"name\":\"t\",\"json_schema\":{\"fields\":[{\"name\":\"a\",\"x\\udc00\":1}]}}")
                        .getBytes(StandardCharsets.UTF_8));
        // Jackson itself refuses this one while reading the name: the enclosing object is named.
        assertBodyRefused(key, "json_schema.fields[0]");
        Answer high = RawHttp.send("POST", dsPath(app, "ds") + "datatables/", tenant, "application/json",
                ("{\"name\":\"t\",\"json_schema\":{\"fields\":[{\"name\":\"a\",\"x\\ud800\":1}]}}")
                        .getBytes(StandardCharsets.UTF_8));
        assertBodyRefused(high, null);
        assertTrue(high.json().path("errors").path(0).path("field").asText().startsWith("json_schema.fields[0]"),
                high.toString());
        assertBodyRefused(RawHttp.send("POST", "/api/apps/", tenant, "application/json",
                "{\"\\udc00\":1}".getBytes(StandardCharsets.UTF_8)), "body");
        assertEquals(0, count(tenant, dsPath(app, "ds") + "datatables/"));
    }

    @Test
    void formBodiesOfTreeQlAreDecodedExactly() {
        String records = table("flat_table");
        String treeql = records.replace("datatables/t/records/", "records/t");
        for (String form : List.of("id=1&name=a%C0%AEb", "id=1&name=%ED%A0%80", "id=1&name=%FF", "id=1&na%C0me=x")) {
            Answer answer = RawHttp.send("POST", treeql, tenant, "application/x-www-form-urlencoded",
                    form.getBytes(StandardCharsets.US_ASCII));
            assertBodyRefused(answer, form.contains("na%C0me") ? "body" : "name");
        }
        // A raw (not percent-encoded) overlong byte in a form body is refused like in JSON.
        assertBodyRefused(RawHttp.send("POST", treeql, tenant, "application/x-www-form-urlencoded",
                bytes("id=1&name=a#b", 0xC0, 0xAE)), null);
        assertBodyRefused(RawHttp.send("POST", treeql, tenant, "application/json",
                "{\"id\":1,\"name\":\"\\ud800\"}".getBytes(StandardCharsets.UTF_8)), "name");
        assertEquals(0, count(tenant, records));
        as(tenant).contentType("application/x-www-form-urlencoded").body("id=1&name=caf%C3%A9%20100%").post(treeql)
                .then().log().ifValidationFails().statusCode(200);
        as(tenant).get(records + "1/").then().statusCode(200).body("name", equalTo("café 100%"));
    }

    @Test
    void pathSegmentsThatAreNotUtf8AreRefused() {
        String records = table("flat_table");
        for (String segment : List.of("%C0%AE", "%C0%AE%C0%AE", "%ED%A0%80", "%FF", "\u00c0\u00ae",
                "caf\u00c3\u00a9")) {
            Answer answer = RawHttp.get(records + segment + "/", tenant);
            assertEquals(400, answer.status(), answer.toString());
            assertEquals("DS101", answer.json().path("code").asText(), answer.toString());
            assertEquals("pk", answer.json().path("errors").path(0).path("field").asText());
        }
        Answer app = RawHttp.get("/api/apps/%C0%AE/", tenant);
        assertEquals(400, app.status(), app.toString());
        assertEquals("app", app.json().path("errors").path(0).path("field").asText());
        assertProblem(as(tenant).urlEncodingEnabled(false).get("/api/apps/caf%C3%A9/"), 404, "DS104")
                .body("detail", containsString("café"));
    }

    @Test
    void queryParametersThatAreNotUtf8NameTheParameter() {
        String records = table("jsonb");
        for (String query : List.of("name=%C0%AE", "name=%ED%A0%80", "name=caf\u00c3\u00a9", "search=%C0%AE")) {
            Answer answer = RawHttp.get(records + "?" + query, tenant);
            assertEquals(400, answer.status(), answer.toString());
            assertEquals("DS101", answer.json().path("code").asText());
            assertEquals(query.substring(0, query.indexOf('=')),
                    answer.json().path("errors").path(0).path("field").asText());
        }
        // REST Assured sends "À" percent-encoded as UTF-8: valid, and served.
        as(tenant).get(records + "?name=\u00c0").then().statusCode(200);
    }
}
