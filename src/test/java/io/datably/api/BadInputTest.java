package io.datably.api;

import static io.datably.testsupport.Api.PROBLEM_JSON;
import static io.datably.testsupport.Api.appPath;
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
import static io.datably.testsupport.Api.tablePath;
import static io.datably.testsupport.Api.toJson;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever a client sends, the answer is a 4xx problem+json with a stable code that names the culprit — never a
 * 500 — and nothing is stored by a rejected request. Each test works in a tenant of its own.
 */
@QuarkusTest
class BadInputTest {
    private static final String SQL_QUOTE = "x'); DROP TABLE app; --";
    private static final String SQL_SLEEP = "\"; select pg_sleep(5); --";

    /** The seed "users" table of the smoke test: integer key, required email, optional datetime. */
    private static final String USERS_SCHEMA = """
            {"fields":[{"name":"id","type":"integer","constraints":{"required":true,"unique":true}},
                       {"name":"email","type":"string","format":"email","constraints":{"required":true}},
                       {"name":"created_at","type":"datetime"}],
             "primaryKey":["id"]}""";
    private static final String FIRST_USER = "{\"id\":1,\"email\":\"a@b.co\",\"created_at\":\"2024-10-30T12:00:00Z\"}";

    private String tenant;

    @BeforeEach
    void newTenantPerTest() {
        tenant = newTenantId("bad");
    }

    // ---------------------------------------------------------------- request bodies

    @ParameterizedTest
    @ValueSource(strings = {"{", "nul", "{\"name\":", "{\"name\":\"a\",}", "{'name':'a'}", "{\"name\":\"a\"} x",
            "{} x", "{}{}"})
    void shouldRejectMalformedJson(String body) {
        assertProblem(post("/api/apps/", body), 400, "DS100").body("detail", containsString("JSON"));
        assertEquals(0, count(tenant, "/api/apps/"));
    }

    @Test
    void shouldRejectMalformedJsonOnEveryWriteEndpoint() {
        String app = createApp(tenant, "App", "app-" + hex(6));
        String ds = createDataSource(tenant, app, "ds", "flat_table");
        String table = createTable(tenant, app, ds, "users", USERS_SCHEMA);
        for (String path : List.of(appPath(app) + "datasources/", dsPath(app, ds) + "datatables/",
                recordsPath(app, ds, table))) {
            for (String body : List.of("{", "{} x", "{}{}", "nul", "{\"name\":\"a\"")) {
                assertProblem(post(path, body), 400, "DS100").body("detail", containsString("JSON"));
            }
        }
        // "[1," is cut short, but an array is already wrong where an object is expected; records take arrays.
        assertProblem(post(appPath(app) + "datasources/", "[1,"), 400, "DS102").body("errors.field", hasItem("body"));
        assertProblem(post(dsPath(app, ds) + "datatables/", "[1,"), 400, "DS102").body("errors.field", hasItem("body"));
        assertProblem(post(recordsPath(app, ds, table), "[1,"), 400, "DS100").body("detail", containsString("JSON"));
        assertProblem(as(tenant).body("{").patch(appPath(app)), 400, "DS100");
        assertProblem(as(tenant).body("{").put(recordsPath(app, ds, table) + "1/"), 400, "DS100");
        assertProblem(as(tenant).body("{").patch(recordsPath(app, ds, table) + "1/"), 400, "DS100");
    }

    @Test
    void shouldRejectAJsonArrayWhereAnObjectIsExpected() {
        assertProblem(post("/api/apps/", "[1,2]"), 400, "DS102").body("errors.field", hasItem("body"))
                .body("detail", containsString("object"));
        assertProblem(post("/api/apps/", "[1,"), 400, "DS102").body("errors.field", hasItem("body"));
        assertProblem(post("/api/apps/", "\"just a string\""), 400, "DS102").body("errors.field", hasItem("body"));
        assertEquals(0, count(tenant, "/api/apps/"));
    }

    @Test
    void shouldRejectAnEmptyBodyOnEveryWriteEndpoint() {
        String app = createApp(tenant, "App", "app-" + hex(6));
        String ds = createDataSource(tenant, app, "ds", "flat_table");
        String table = createTable(tenant, app, ds, "users", USERS_SCHEMA);
        for (String path : List.of("/api/apps/", appPath(app) + "datasources/", dsPath(app, ds) + "datatables/",
                recordsPath(app, ds, table))) {
            assertProblem(as(tenant).post(path), 400, "DS100").body("detail", containsString("required"));
        }
        assertProblem(as(tenant).put(appPath(app)), 400, "DS100");
        assertProblem(as(tenant).patch(appPath(app)), 400, "DS100");
        assertProblem(as(tenant).patch(dsPath(app, ds)), 400, "DS100");
        assertProblem(as(tenant).patch(tablePath(app, ds, table)), 400, "DS100");
        assertProblem(as(tenant).put(recordsPath(app, ds, table) + "1/"), 400, "DS100");
        assertEquals(1, count(tenant, "/api/apps/"));
    }

    static Stream<Arguments> wrongKinds() {
        return Stream.of(
                Arguments.of("{\"name\":123}", "name"),
                Arguments.of("{\"name\":true}", "name"),
                Arguments.of("{\"name\":1.5}", "name"),
                Arguments.of("{\"name\":[\"a\"]}", "name"),
                Arguments.of("{\"name\":{\"a\":1}}", "name"),
                Arguments.of("{\"name\":\"a\",\"is_active\":\"yes\"}", "is_active"),
                Arguments.of("{\"name\":\"a\",\"is_active\":1}", "is_active"),
                Arguments.of("{\"name\":\"a\",\"description\":7}", "description"),
                Arguments.of("{\"name\":\"a\",\"slug\":false}", "slug"));
    }

    @ParameterizedTest
    @MethodSource("wrongKinds")
    void shouldRejectWrongJsonKindsInAppBodies(String body, String field) {
        assertProblem(post("/api/apps/", body), 400, "DS102").body("errors.field", hasItem(field))
                .body("detail", containsString(field));
        assertEquals(0, count(tenant, "/api/apps/"));
    }

    @Test
    void shouldRejectWrongJsonKindsInDataSourceAndTableBodies() {
        String app = createApp(tenant, "App", "app-" + hex(6));
        String datasources = appPath(app) + "datasources/";
        assertProblem(post(datasources, "{\"name\":\"d\",\"provider_type\":\"jsonb\",\"provider_config\":[1]}"),
                400, "DS102").body("errors.field", hasItem("provider_config"));
        assertProblem(post(datasources, "{\"name\":\"d\",\"provider_type\":\"jsonb\",\"provider_config\":\"x\"}"),
                400, "DS102").body("errors.field", hasItem("provider_config"));
        assertProblem(post(datasources, "{\"name\":\"d\",\"provider_type\":5}"), 400, "DS102")
                .body("errors.field", hasItem("provider_type"));
        assertProblem(post(datasources, "{\"name\":\"d\",\"provider_type\":[\"jsonb\"]}"), 400, "DS102")
                .body("errors.field", hasItem("provider_type"));
        assertEquals(0, count(tenant, datasources));

        String ds = createDataSource(tenant, app, "ds", "jsonb");
        String tables = dsPath(app, ds) + "datatables/";
        assertProblem(post(tables, "{\"name\":\"t\",\"json_schema\":\"x\"}"), 400, "DS200")
                .body("errors.field", hasItem("json_schema"));
        assertProblem(post(tables, "{\"name\":\"t\",\"json_schema\":[1]}"), 400, "DS200")
                .body("errors.field", hasItem("json_schema"));
        assertProblem(post(tables, "{\"name\":\"t\",\"json_schema\":{\"fields\":[{\"name\":\"a\"}]},"
                + "\"materialize\":\"yes\"}"), 400, "DS102").body("errors.field", hasItem("materialize"));
        assertProblem(post(tables, "{\"name\":5,\"json_schema\":{\"fields\":[{\"name\":\"a\"}]}}"), 400, "DS102")
                .body("errors.field", hasItem("name"));
        assertProblem(post(tables, "{\"name\":\"t\"}"), 400, "DS102").body("errors.field", hasItem("json_schema"));
        assertEquals(0, count(tenant, tables));
    }

    @Test
    void shouldNameUnknownBodyFields() {
        assertProblem(post("/api/apps/", "{\"name\":\"a\",\"bogus\":1}"), 400, "DS102")
                .body("errors.field", hasItem("bogus")).body("detail", containsString("bogus"));
        String app = createApp(tenant, "App", "app-" + hex(6));
        assertProblem(as(tenant).body("{\"nmae\":\"typo\"}").patch(appPath(app)), 400, "DS102")
                .body("errors.field", hasItem("nmae"));
        assertProblem(post(appPath(app) + "datasources/",
                "{\"name\":\"d\",\"provider_type\":\"jsonb\",\"providerType\":\"jsonb\"}"), 400, "DS102")
                .body("errors.field", hasItem("providerType"));
        String ds = createDataSource(tenant, app, "ds", "jsonb");
        assertProblem(post(dsPath(app, ds) + "datatables/",
                "{\"name\":\"t\",\"json_schema\":{\"fields\":[{\"name\":\"a\"}]},\"schema\":{}}"), 400, "DS102")
                .body("errors.field", hasItem("schema"));
        assertEquals(1, count(tenant, "/api/apps/"));
        assertEquals(0, count(tenant, dsPath(app, ds) + "datatables/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"oracle", "FLAT_TABLE", "flat-table", "", " jsonb", SQL_QUOTE, SQL_SLEEP})
    void shouldRejectUnknownProviderType(String providerType) {
        String app = createApp(tenant, "App", "app-" + hex(6));
        Response response = post(appPath(app) + "datasources/",
                toJson(Map.of("name", "d", "provider_type", providerType)));
        assertProblem(response, 400, "DS102").body("errors.field", hasItem("provider_type"))
                .body("detail", allOf(containsString("flat_table"), containsString("jsonb"),
                        containsString("mongodb")));
        assertEquals(0, count(tenant, appPath(app) + "datasources/"));
    }

    @Test
    void shouldRejectMissingProviderTypeListingTheAllowedValues() {
        String app = createApp(tenant, "App", "app-" + hex(6));
        assertProblem(post(appPath(app) + "datasources/", "{\"name\":\"d\"}"), 400, "DS102")
                .body("errors.field", hasItem("provider_type")).body("detail", containsString("flat_table"));
    }

    // ---------------------------------------------------------------- names, slugs, table names

    @Test
    void shouldRejectHugeNames() {
        String huge = "n".repeat(100_000);
        assertProblem(post("/api/apps/", toJson(Map.of("name", huge))), 400, "DS102")
                .body("errors.field", hasItem("name"));
        assertProblem(post("/api/apps/", toJson(Map.of("name", "ok", "slug", huge))), 400, "DS102")
                .body("errors.field", hasItem("slug"));
        assertEquals(0, count(tenant, "/api/apps/"));

        String app = createApp(tenant, "App", "app-" + hex(6));
        assertProblem(post(appPath(app) + "datasources/", toJson(Map.of("name", huge, "provider_type", "jsonb"))),
                400, "DS102").body("errors.field", hasItem("name"));
        assertProblem(post(appPath(app) + "datasources/", toJson(Map.of("name", "d", "provider_type", huge))),
                400, "DS102").body("errors.field", hasItem("provider_type"));
        String ds = createDataSource(tenant, app, "ds", "jsonb");
        assertProblem(post(dsPath(app, ds) + "datatables/",
                "{\"name\":" + toJson(huge) + ",\"json_schema\":{\"fields\":[{\"name\":\"a\"}]}}"), 400, "DS102")
                .body("errors.field", hasItem("name"));
        assertProblem(as(tenant).body(toJson(Map.of("name", huge))).patch(appPath(app)), 400, "DS102")
                .body("errors.field", hasItem("name"));
        assertEquals("App", json(as(tenant).get(appPath(app))).path("name").asText());
        assertEquals(0, count(tenant, dsPath(app, ds) + "datatables/"));
    }

    /** Display names are free text: quotes, SQL and any script are stored and returned exactly. */
    @ParameterizedTest
    @ValueSource(strings = {SQL_QUOTE, SQL_SLEEP, "O'Brien \"the\" `quoted` \\ backslash",
            "Robert'); DROP TABLE data_table;-- 100% _wild_", "Café crème 😀🎉", "Ünïcödé ñame",
            "שלום עולם app", "مرحبا app", "${jndi:ldap://x} {{7*7}} <script>"})
    void shouldAcceptAnyDisplayNameAndDeriveACleanSlug(String weird) {
        String name = weird + " " + hex(6);
        Response created = post("/api/apps/", toJson(Map.of("name", name, "description", weird)));
        created.then().log().ifValidationFails().statusCode(201)
                .body("name", equalTo(name))
                .body("description", equalTo(weird))
                .body("slug", matchesPattern("[a-z0-9][a-z0-9_-]*"));
        String slug = json(created).path("slug").asText();
        assertTrue(slug.endsWith(name.substring(name.length() - 6)), slug);

        JsonNode read = json(as(tenant).get(appPath(slug)));
        assertEquals(name, read.path("name").asText());
        assertEquals(weird, read.path("description").asText());
        // search is a literal substring match: SQL and LIKE wildcards in it match only themselves.
        JsonNode found = json(as(tenant).queryParam("search", weird).get("/api/apps/"));
        assertEquals(1, found.path("count").asLong(), found.toString());
        assertEquals(name, found.path("results").get(0).path("name").asText());

        // The same holds for datasource names.
        Response ds = post(appPath(slug) + "datasources/", toJson(Map.of("name", name, "provider_type", "jsonb")));
        ds.then().log().ifValidationFails().statusCode(201).body("name", equalTo(name));
        String dsSlug = json(ds).path("slug").asText();
        assertEquals(name, json(as(tenant).get(dsPath(slug, dsSlug))).path("name").asText());
        JsonNode foundDs = json(as(tenant).queryParam("search", weird).get(appPath(slug) + "datasources/"));
        assertEquals(1, foundDs.path("count").asLong(), foundDs.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"😀🎉", "שלום עולם", "日本語", "''\"\"--;;", "   "})
    void shouldRejectNamesWithoutAnySlugCharacterUnlessASlugIsGiven(String name) {
        assertProblem(post("/api/apps/", toJson(Map.of("name", name))), 400, "DS102")
                .body("errors.field", hasItem("name"));
        assertEquals(0, count(tenant, "/api/apps/"));
        if (!name.isBlank()) {
            String slug = "given-" + hex(6);
            post("/api/apps/", toJson(Map.of("name", name, "slug", slug))).then().log().ifValidationFails()
                    .statusCode(201).body("name", equalTo(name)).body("slug", equalTo(slug));
            assertEquals(name, json(as(tenant).get(appPath(slug))).path("name").asText());
        }
    }

    @Test
    void shouldRejectNulAndControlCharactersInNames() {
        assertProblem(post("/api/apps/", "{\"name\":\"a\\u0000b\"}"), 400, "DS102")
                .body("errors.field", hasItem("name"));
        assertProblem(post("/api/apps/", "{\"name\":\"a\\u0007b\"}"), 400, "DS102")
                .body("errors.field", hasItem("name"));
        assertEquals(0, count(tenant, "/api/apps/"));
    }

    @Test
    void shouldRejectNulInDescriptions() {
        assertProblem(post("/api/apps/", "{\"name\":\"a\",\"description\":\"x\\u0000y\"}"), 400, "DS102")
                .body("errors.field", hasItem("description"));
        assertEquals(0, count(tenant, "/api/apps/"));
        String app = createApp(tenant, "App", "app-" + hex(6));
        assertProblem(as(tenant).body("{\"description\":\"x\\u0000y\"}").patch(appPath(app)), 400, "DS102")
                .body("errors.field", hasItem("description"));
        assertProblem(post(appPath(app) + "datasources/",
                "{\"name\":\"d\",\"provider_type\":\"jsonb\",\"description\":\"\\u0000\"}"), 400, "DS102")
                .body("errors.field", hasItem("description"));
        // provider_config is stored as JSON text, where NUL is an escape: accepted and returned exactly.
        Response withNul = post(appPath(app) + "datasources/",
                "{\"name\":\"d\",\"provider_type\":\"jsonb\",\"provider_config\":{\"k\":\"a\\u0000b\"}}");
        withNul.then().log().ifValidationFails().statusCode(201);
        assertEquals("a\u0000b", json(as(tenant).get(dsPath(app, "d"))).path("provider_config").path("k").asText());
        String ds = createDataSource(tenant, app, "ds", "jsonb");
        assertProblem(post(dsPath(app, ds) + "datatables/",
                "{\"name\":\"t\",\"description\":\"\\u0000\",\"json_schema\":{\"fields\":[{\"name\":\"a\"}]}}"),
                400, "DS102").body("errors.field", hasItem("description"));
        assertEquals("", json(as(tenant).get(appPath(app))).path("description").asText());
        assertEquals(2, count(tenant, appPath(app) + "datasources/"));
        assertEquals(0, count(tenant, dsPath(app, ds) + "datatables/"));
    }

    static Stream<String> badSlugs() {
        return Stream.of(SQL_QUOTE, SQL_SLEEP, "café", "😀", "UPPER", "a b", "a/b", "a.b", "../x", "-lead", "",
                "a\u0000b", "x".repeat(101), "a%20b", "שלום");
    }

    @ParameterizedTest
    @MethodSource("badSlugs")
    void shouldRejectInvalidExplicitSlugs(String slug) {
        assertProblem(post("/api/apps/", toJson(Map.of("name", "Fine name", "slug", slug))), 400, "DS102")
                .body("errors.field", hasItem("slug"));
        assertEquals(0, count(tenant, "/api/apps/"));

        String app = createApp(tenant, "App", "app-" + hex(6));
        assertProblem(post(appPath(app) + "datasources/",
                toJson(Map.of("name", "d", "slug", slug, "provider_type", "jsonb"))), 400, "DS102")
                .body("errors.field", hasItem("slug"));
        assertProblem(as(tenant).body(toJson(Map.of("slug", slug))).patch(appPath(app)), 400, "DS102")
                .body("errors.field", hasItem("slug"));
        assertEquals(0, count(tenant, appPath(app) + "datasources/"));
        assertEquals(1, count(tenant, "/api/apps/"));
    }

    static Stream<String> badTableNames() {
        return Stream.of(SQL_QUOTE, SQL_SLEEP, "users; DROP TABLE app", "a b", "a.b", "a/b", "1abc", "-x", "",
                "tábla", "😀", "שלום", "t\u0000", "x".repeat(64), "a'b", "a\"b");
    }

    @ParameterizedTest
    @MethodSource("badTableNames")
    void shouldRejectInvalidTableNames(String name) {
        String app = createApp(tenant, "App", "app-" + hex(6));
        String ds = createDataSource(tenant, app, "ds", "flat_table");
        assertProblem(post(dsPath(app, ds) + "datatables/",
                "{\"name\":" + toJson(name) + ",\"json_schema\":{\"fields\":[{\"name\":\"a\"}]}}"), 400, "DS102")
                .body("errors.field", hasItem("name"));
        assertEquals(0, count(tenant, dsPath(app, ds) + "datatables/"));
    }

    // ---------------------------------------------------------------- field names: the injection test

    /** Field names (columns / document keys) that must be stored and served exactly, never spliced into SQL. */
    private static final List<String> WEIRD_FIELDS = List.of(SQL_QUOTE, SQL_SLEEP, "col with spaces",
            "Ünïcödé 😀", "שלום", "a\"b'c`d\\e", "${liquibase.prop}", "$1 ? :x", "MiXeD Case", "semi;colon -- x");

    @ParameterizedTest
    @ValueSource(strings = {"flat_table", "jsonb", "mongodb"})
    void shouldStoreRecordsWithQuotesSqlAndUnicodeInFieldNames(String provider) {
        String app = createApp(tenant, "App", "app-" + hex(6));
        String ds = createDataSource(tenant, app, "ds", provider);
        // MongoDB reserves names starting with '$' (and containing '.'); everything else is the same.
        List<String> plain = WEIRD_FIELDS.subList(6, WEIRD_FIELDS.size()).stream()
                .filter(n -> !provider.equals("mongodb") || !n.startsWith("$")).toList();
        List<Map<String, Object>> fields = new ArrayList<>();
        fields.add(Map.of("name", "id", "type", "integer", "constraints", Map.of("required", true)));
        fields.add(Map.of("name", WEIRD_FIELDS.get(0), "type", "string",
                "constraints", Map.of("enum", List.of("it's", "a\"b", "'); DROP TABLE app; --"))));
        fields.add(Map.of("name", WEIRD_FIELDS.get(1), "type", "string", "constraints", Map.of("unique", true)));
        fields.add(Map.of("name", WEIRD_FIELDS.get(2), "type", "integer",
                "constraints", Map.of("minimum", 0, "maximum", 100)));
        fields.add(Map.of("name", WEIRD_FIELDS.get(3), "type", "string", "constraints", Map.of("maxLength", 50)));
        fields.add(Map.of("name", WEIRD_FIELDS.get(4), "type", "boolean"));
        fields.add(Map.of("name", WEIRD_FIELDS.get(5), "type", "number"));
        for (String name : plain) {
            fields.add(Map.of("name", name, "type", "string"));
        }
        Map<String, Object> schema = Map.of("fields", fields, "primaryKey", List.of("id"),
                "uniqueKeys", List.of(List.of(WEIRD_FIELDS.get(2), WEIRD_FIELDS.get(3))));
        Response created = post(dsPath(app, ds) + "datatables/",
                toJson(Map.of("name", "weird", "json_schema", schema)));
        created.then().log().ifValidationFails().statusCode(201).body("is_materialized", equalTo(true));
        assertEquals(json(toJson(schema)), json(created).path("json_schema"));
        assertEquals(json(toJson(schema)), json(as(tenant).get(tablePath(app, ds, "weird") + "schema/")));

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", 1);
        record.put(WEIRD_FIELDS.get(0), "'); DROP TABLE app; --");
        record.put(WEIRD_FIELDS.get(1), "\"; select pg_sleep(5); -- 😀");
        record.put(WEIRD_FIELDS.get(2), 42);
        record.put(WEIRD_FIELDS.get(3), "שלום 😀 مرحبا");
        record.put(WEIRD_FIELDS.get(4), true);
        record.put(WEIRD_FIELDS.get(5), 2.5);
        for (String name : plain) {
            record.put(name, name);
        }
        JsonNode expected = json(toJson(record));
        String records = recordsPath(app, ds, "weird");
        assertEquals(expected, insert(tenant, records, toJson(record)));
        assertEquals(expected, json(as(tenant).get(records + "1/")));
        JsonNode list = json(as(tenant).get(records));
        assertEquals(1, list.path("count").asLong(), list.toString());
        assertEquals(expected, list.path("results").get(0));

        // Constraints on odd names are enforced and reported by field name.
        Map<String, Object> second = new LinkedHashMap<>(record);
        second.put("id", 2);
        second.put(WEIRD_FIELDS.get(0), "not in enum");
        second.put(WEIRD_FIELDS.get(2), 101);
        assertProblem(post(records, toJson(second)), 400, "DS103")
                .body("errors.field", hasItems(WEIRD_FIELDS.get(0), WEIRD_FIELDS.get(2)));
        second.put(WEIRD_FIELDS.get(0), "it's");
        second.put(WEIRD_FIELDS.get(2), 7);
        assertProblem(post(records, toJson(second)), 409, "DS110") // unique, and named as in the schema
                .body("errors.field", hasItem(WEIRD_FIELDS.get(1)));

        // Changes through the odd names.
        Map<String, Object> change = Map.of(WEIRD_FIELDS.get(0), "a\"b", WEIRD_FIELDS.get(3), "✓");
        Response patched = as(tenant).body(toJson(change)).patch(records + "1/");
        patched.then().log().ifValidationFails().statusCode(200);
        Map<String, Object> changed = new LinkedHashMap<>(record);
        changed.putAll(change);
        assertEquals(json(toJson(changed)), json(patched));
        Response replaced = as(tenant).body(toJson(record)).put(records + "1/");
        replaced.then().log().ifValidationFails().statusCode(200);
        assertEquals(expected, json(replaced));

        // The catalog still works, and the table is counted.
        JsonNode tables = json(as(tenant).get(dsPath(app, ds) + "datatables/"));
        assertEquals(1, tables.path("count").asLong(), tables.toString());
        JsonNode stats = json(as(tenant).get(dsPath(app, ds) + "stats/"));
        assertEquals(1, stats.path("record_count").asLong(), stats.toString());
        assertEquals(1, count(tenant, "/api/apps/"));
        as(tenant).get("/api/apps/").then().statusCode(200);
        as(tenant).delete(records + "1/").then().statusCode(204);
        assertEquals(0, count(tenant, records));
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat_table", "jsonb"})
    void shouldRejectFieldNamesContainingNul(String provider) {
        String app = createApp(tenant, "App", "app-" + hex(6));
        String ds = createDataSource(tenant, app, "ds", provider);
        assertProblem(post(dsPath(app, ds) + "datatables/",
                "{\"name\":\"t\",\"json_schema\":{\"fields\":[{\"name\":\"a\\u0000b\"}]}}"), 400, "DS201")
                .body("errors.field", hasItem("json_schema.fields[0].name"));
        assertEquals(0, count(tenant, dsPath(app, ds) + "datatables/"));
    }

    // ---------------------------------------------------------------- invalid Table Schemas

    static Stream<Arguments> invalidSchemas() {
        return Stream.of(
                Arguments.of("{\"fields\":[{\"name\":\"a\",\"type\":\"integer\"},{\"name\":\"b\",\"type\":\"varchar\"}]}",
                        "json_schema.fields[1].type"),
                Arguments.of("{\"fields\":[{\"name\":\"a\",\"type\":\"Integer\"}]}", "json_schema.fields[0].type"),
                Arguments.of("{\"fields\":[{\"name\":\"a\"},{\"name\":\"a\"}]}", "json_schema.fields[1].name"),
                Arguments.of("{\"fields\":[{\"name\":\"Email\"},{\"name\":\"email\"}]}", "json_schema.fields[1].name"),
                Arguments.of("{\"fields\":[{\"name\":\"a\"}],\"primaryKey\":[\"missing\"]}", "json_schema.primaryKey[0]"),
                Arguments.of("{\"fields\":[{\"name\":\"a\"}],\"primaryKey\":\"missing\"}", "json_schema.primaryKey"),
                Arguments.of("{\"fields\":[{\"name\":\"a\",\"type\":\"integer\",\"constraints\":{\"minimum\":10,\"maximum\":1}}]}",
                        "json_schema.fields[0].constraints"),
                Arguments.of("{\"fields\":[{\"name\":\"a\",\"type\":\"string\",\"constraints\":{\"pattern\":\"([a-z\"}}]}",
                        "json_schema.fields[0].constraints.pattern"),
                Arguments.of("{\"fields\":[{\"name\":\"a\",\"type\":\"string\",\"constraints\":{\"minLength\":\"x\"}}]}",
                        "json_schema.fields[0].constraints.minLength"),
                Arguments.of("{\"fields\":[{\"name\":5}]}", "json_schema.fields[0].name"),
                Arguments.of("{\"fields\":[{\"type\":\"string\"}]}", "json_schema.fields[0].name"),
                Arguments.of("{\"fields\":[]}", "json_schema.fields"),
                Arguments.of("{\"fields\":\"a\"}", "json_schema.fields"),
                Arguments.of("{}", "json_schema.fields"),
                Arguments.of("\"x\"", "json_schema"),
                Arguments.of("{\"fields\":[{\"name\":\"a\"}],\"foreignKeys\":[{\"fields\":[\"a\"],"
                        + "\"reference\":{\"resource\":\"nope\",\"fields\":[\"id\"]}}]}",
                        "json_schema.foreignKeys[0].reference.resource"));
    }

    @ParameterizedTest
    @MethodSource("invalidSchemas")
    void shouldRejectInvalidTableSchemasWithJsonPaths(String schema, String path) {
        String app = createApp(tenant, "App", "app-" + hex(6));
        String ds = createDataSource(tenant, app, "ds", "flat_table");
        assertProblem(post(dsPath(app, ds) + "datatables/", "{\"name\":\"t\",\"json_schema\":" + schema + "}"),
                400, "DS200").body("errors.field", hasItem(path));
        assertEquals(0, count(tenant, dsPath(app, ds) + "datatables/"));
    }

    @Test
    void shouldRejectDeeplyNestedJson() {
        String app = createApp(tenant, "App", "app-" + hex(6));
        String ds = createDataSource(tenant, app, "ds", "jsonb");
        String deep = "[".repeat(2_000) + "]".repeat(2_000);
        assertProblem(post(dsPath(app, ds) + "datatables/", "{\"name\":\"t\",\"json_schema\":" + deep + "}"), 400,
                "DS100").body("detail", containsString("nesting depth"));
        assertProblem(post("/api/apps/", "{\"name\":\"a\",\"description\":" + deep + "}"), 400, "DS102")
                .body("errors.field", hasItem("description"));
        assertEquals(1, count(tenant, "/api/apps/"));
        assertEquals(0, count(tenant, dsPath(app, ds) + "datatables/"));
    }

    // ---------------------------------------------------------------- query parameters

    static Stream<Arguments> badPaging() {
        return Stream.of(
                Arguments.of("page", "0"), Arguments.of("page", "-1"), Arguments.of("page", "abc"),
                Arguments.of("page", "1.5"), Arguments.of("page", "99999999999999999999"),
                Arguments.of("page", SQL_QUOTE),
                Arguments.of("page_size", "100000"), Arguments.of("page_size", "1e3"),
                Arguments.of("page_size", "0"), Arguments.of("page_size", "1001"), Arguments.of("page_size", "-5"),
                Arguments.of("page_size", "ten"));
    }

    @ParameterizedTest
    @MethodSource("badPaging")
    void shouldRejectBadPagingNamingTheParameter(String parameter, String value) {
        String app = createApp(tenant, "App", "app-" + hex(6));
        String ds = createDataSource(tenant, app, "ds", "flat_table");
        String table = createTable(tenant, app, ds, "users", USERS_SCHEMA);
        for (String path : List.of("/api/apps/", appPath(app) + "datasources/", dsPath(app, ds) + "datatables/",
                appPath(app) + "datatables/", recordsPath(app, ds, table))) {
            assertProblem(as(tenant).queryParam(parameter, value).get(path), 400, "DS101")
                    .body("errors.field", hasItem(parameter)).body("detail", containsString(parameter));
        }
    }

    @Test
    void shouldRejectBadBooleanAndModeParameters() {
        String app = createApp(tenant, "App", "app-" + hex(6));
        String ds = createDataSource(tenant, app, "ds", "flat_table");
        String table = createTable(tenant, app, ds, "users", USERS_SCHEMA);
        for (String path : List.of("/api/apps/", appPath(app) + "datasources/", dsPath(app, ds) + "datatables/")) {
            for (String value : List.of("maybe", "yes", "2", SQL_QUOTE)) {
                assertProblem(as(tenant).queryParam("is_active", value).get(path), 400, "DS101")
                        .body("errors.field", hasItem("is_active"));
            }
        }
        assertProblem(as(tenant).queryParam("is_materialized", "maybe").get(appPath(app) + "datatables/"),
                400, "DS101").body("errors.field", hasItem("is_materialized"));
        assertProblem(as(tenant).queryParam("count", "maybe").get(recordsPath(app, ds, table)), 400, "DS101")
                .body("errors.field", hasItem("count"));
    }

    // ---------------------------------------------------------------- tenant header

    @ParameterizedTest
    @ValueSource(strings = {"Robert'); DROP", "UPPER", "Mixed", "1abc", "_abc", "a-b", "a.b", "a b", "t\"x",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void shouldRejectInvalidTenantHeader(String header) {
        assertProblem(given().header("X-Tenant", header).get("/api/apps/"), 400, "DS300")
                .body("detail", containsString("enant"));
        assertProblem(given().header("X-Tenant", header).contentType("application/json")
                .body("{\"name\":\"a\"}").post("/api/apps/"), 400, "DS300");
    }

    @Test
    void shouldAcceptATenantOfFortyCharacters() {
        String forty = "a" + hex(39);
        given().header("X-Tenant", forty).get("/api/apps/").then().statusCode(200);
    }

    // ---------------------------------------------------------------- routes and methods

    @ParameterizedTest
    @ValueSource(strings = {"/api/nope", "/api/apps/x/nope/", "/nope", "/api/apps/x/datasources/y/datatables/z/records/1/extra/"})
    void shouldAnswerUnknownRoutesWithProblem404(String path) {
        assertProblem(as(tenant).get(path), 404, "DS104");
    }

    @Test
    void shouldAnswerMissingObjectsWithProblem404NamingThem() {
        String missing = "missing-" + hex(6);
        assertProblem(as(tenant).get(appPath(missing)), 404, "DS104").body("detail", containsString(missing));
        assertProblem(as(tenant).get(appPath(SQL_QUOTE.replace("/", ""))), 404, "DS104");
    }

    @Test
    void shouldAnswerWrongMethodsWith405() {
        String app = createApp(tenant, "App", "app-" + hex(6));
        String ds = createDataSource(tenant, app, "ds", "jsonb");
        assertProblem(as(tenant).delete("/api/apps/"), 405, "DS105");
        assertProblem(as(tenant).body("{}").put("/api/apps/"), 405, "DS105");
        assertProblem(as(tenant).body("{}").post(appPath(app)), 405, "DS105");
        assertProblem(as(tenant).delete(appPath(app) + "stats/"), 405, "DS105");
        assertEquals(1, count(tenant, "/api/apps/"));
        assertEquals(1, count(tenant, appPath(app) + "datasources/"));
    }

    @Test
    void shouldAnswerWrongMethodsOnNestedResourcesWith405() {
        String app = createApp(tenant, "App", "app-" + hex(6));
        String ds = createDataSource(tenant, app, "ds", "jsonb");
        createTable(tenant, app, ds, "t", "{\"fields\":[{\"name\":\"a\"}]}");
        assertProblem(as(tenant).body("{}").put(dsPath(app, ds)), 405, "DS105");
        assertProblem(as(tenant).body("{}").patch(appPath(app) + "datasources/"), 405, "DS105");
        assertProblem(as(tenant).get(tablePath(app, ds, "t") + "materialize/"), 405, "DS105");
        assertProblem(as(tenant).post(tablePath(app, ds, "t") + "schema/"), 405, "DS105");
    }

    @Test
    void shouldRejectUnsupportedMediaTypes() {
        assertProblem(as(tenant).contentType("text/plain").body("{\"name\":\"a\"}").post("/api/apps/"), 415, "DS106");
        assertProblem(as(tenant).contentType("application/xml").body("<app/>").post("/api/apps/"), 415, "DS106");
        assertProblem(as(tenant).accept("application/xml").get("/api/apps/"), 406, "DS107");
        assertEquals(0, count(tenant, "/api/apps/"));
    }

    // ---------------------------------------------------------------- records

    /** A fresh app + datasource + users table holding {@link #FIRST_USER}; answers the records path. */
    private String usersTable(String provider) {
        String app = createApp(tenant, "App", "app-" + hex(6));
        String ds = createDataSource(tenant, app, "ds", provider);
        createTable(tenant, app, ds, "users", USERS_SCHEMA);
        String records = recordsPath(app, ds, "users");
        insert(tenant, records, FIRST_USER);
        return records;
    }

    private void assertOnlyFirstUser(String records) {
        JsonNode list = json(as(tenant).get(records));
        assertEquals(1, list.path("count").asLong(), list.toString());
        assertEquals(json(FIRST_USER), list.path("results").get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat_table", "jsonb", "mongodb"})
    void shouldRejectRecordBodiesThatAreNotObjects(String provider) {
        String records = usersTable(provider);
        for (String body : List.of("\"x\"", "1", "true", "null")) {
            assertProblem(post(records, body), 400, "DS100").body("detail", containsString("object"));
        }
        for (String body : List.of("[1]", "[[]]", "[null]", "[\"x\"]")) {
            assertProblem(post(records, body), 400, "DS103").body("errors.field", hasItem("[0]"));
        }
        for (String body : List.of("\"x\"", "[]", "[{\"id\":1}]", "null")) {
            assertProblem(as(tenant).body(body).put(records + "1/"), 400, "DS100");
            assertProblem(as(tenant).body(body).patch(records + "1/"), 400, "DS100");
        }
        assertOnlyFirstUser(records);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat_table", "jsonb", "mongodb"})
    void shouldListEveryWrongFieldWithItsRule(String provider) {
        String records = usersTable(provider);
        assertProblem(post(records, "{\"id\":\"abc\",\"email\":5}"), 400, "DS103")
                .body("errors.findAll { it.field == 'id' }.code", hasItem("type"))
                .body("errors.findAll { it.field == 'email' }.code", hasItem("type"))
                .body("errors.size()", equalTo(2));
        assertProblem(post(records, "{\"id\":2,\"email\":\"not an email\",\"created_at\":\"yesterday\"}"), 400,
                "DS103").body("errors.field", hasItems("email", "created_at"));
        assertProblem(post(records, "{\"id\":2,\"email\":\"b@b.co\",\"bogus\":1,\"Email\":\"x\"}"), 400, "DS103")
                .body("errors.findAll { it.field == 'bogus' }.code", hasItem("unknown_field"))
                .body("errors.field", hasItem("Email"));
        assertProblem(post(records, "{\"id\":2}"), 400, "DS103")
                .body("errors.findAll { it.field == 'email' }.code", hasItem("required"));
        assertProblem(post(records, "{}"), 400, "DS103").body("errors.field", hasItems("id", "email"));
        assertProblem(post(records, "{\"id\":null,\"email\":null}"), 400, "DS103")
                .body("errors.field", hasItems("id", "email"));
        assertProblem(post(records, "{\"id\":1.5,\"email\":\"b@b.co\"}"), 400, "DS103")
                .body("errors.field", hasItem("id"));
        assertProblem(post(records, "{\"id\":true,\"email\":\"b@b.co\"}"), 400, "DS103")
                .body("errors.field", hasItem("id"));
        // In an array, entries are located by index.
        assertProblem(post(records, "[{\"id\":2,\"email\":\"b@b.co\"},{\"id\":\"x\",\"email\":\"c@c.co\"}]"), 400,
                "DS103").body("errors.field", hasItem("[1].id"));
        // PUT / PATCH validate the same way.
        assertProblem(as(tenant).body("{\"email\":5}").patch(records + "1/"), 400, "DS103")
                .body("errors.field", hasItem("email"));
        assertProblem(as(tenant).body("{\"email\":\"b@b.co\",\"bogus\":1}").put(records + "1/"), 400, "DS103")
                .body("errors.field", hasItem("bogus"));
        assertProblem(as(tenant).body("{\"created_at\":\"x\"}").put(records + "1/"), 400, "DS103")
                .body("errors.field", hasItem("email"));
        assertProblem(as(tenant).body("{\"id\":2}").patch(records + "1/"), 400, "DS103")
                .body("errors.field", hasItem("id"));
        assertOnlyFirstUser(records);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat_table", "jsonb", "mongodb"})
    void shouldRejectRecordKeysThatDoNotCast(String provider) {
        String records = usersTable(provider);
        for (String key : List.of("abc", "1.5", "1,2", "1e3", " ", "1'; DROP TABLE app; --", "\u0000")) {
            String path = records + key.replace("/", "") + "/";
            assertProblem(as(tenant).get(path), 400, "DS101").body("errors.field", hasItem("pk"));
            assertProblem(as(tenant).delete(path), 400, "DS101").body("errors.field", hasItem("pk"));
            assertProblem(as(tenant).body("{\"email\":\"x@y.co\"}").patch(path), 400, "DS101")
                    .body("errors.field", hasItem("pk"));
            assertProblem(as(tenant).body("{\"email\":\"x@y.co\"}").put(path), 400, "DS101")
                    .body("errors.field", hasItem("pk"));
        }
        assertProblem(as(tenant).get(records + "2/"), 404, "DS104");
        // Beyond a long: no flat_table (bigint) record can have it; jsonb and MongoDB could, but have none.
        String huge = records + "99999999999999999999999/";
        if (provider.equals("flat_table")) {
            assertProblem(as(tenant).get(huge), 400, "DS101").body("errors.field", hasItem("pk"));
            assertProblem(as(tenant).delete(huge), 400, "DS101").body("errors.field", hasItem("pk"));
        } else {
            assertProblem(as(tenant).get(huge), 404, "DS104");
            assertProblem(as(tenant).delete(huge), 404, "DS104");
        }
        assertOnlyFirstUser(records);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat_table", "jsonb", "mongodb"})
    void shouldRejectIntegersBeyondTheStoreWithA4xx(String provider) {
        String records = usersTable(provider);
        Map<String, String> huge = Map.of("1000000000000000000000000000000", "1000000000000000000000000000000",
                "1e30", "1000000000000000000000000000000", "-1e30", "-1000000000000000000000000000000",
                "9223372036854775808", "9223372036854775808");
        for (var value : huge.entrySet()) {
            Response response = post(records, "{\"id\":" + value.getKey() + ",\"email\":\"b@b.co\"}");
            if (provider.equals("flat_table")) {
                // bigint column: a 400 naming the field, not PostgreSQL's "out of range" as a 500 or without a field.
                assertProblem(response, 400, "DS103").body("errors.field", hasItem("id"));
                continue;
            }
            // jsonb (numeric) and MongoDB (Decimal128) hold such integers exactly.
            response.then().log().ifValidationFails().statusCode(201);
            assertEquals(value.getValue(), json(response).path("id").bigIntegerValue().toString());
            JsonNode read = json(as(tenant).get(records + value.getValue() + "/"));
            assertEquals(value.getValue(), read.path("id").bigIntegerValue().toString(), read.toString());
            as(tenant).delete(records + value.getValue() + "/").then().statusCode(204);
        }
        assertOnlyFirstUser(records);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat_table", "jsonb", "mongodb"})
    void shouldRejectEmptyAndOversizedRecordArrays(String provider) {
        String records = usersTable(provider);
        assertProblem(post(records, "[]"), 400, "DS100").body("detail", containsString("empty"));
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            many.append(i == 0 ? "" : ",").append("{\"id\":").append(i + 10).append(",\"email\":\"u")
                    .append(i).append("@b.co\"}");
        }
        assertProblem(post(records, many.append("]").toString()), 400, "DS100").body("detail", containsString("1000"));
        // All or nothing: one bad record in an array stores none.
        assertProblem(post(records, "[{\"id\":5,\"email\":\"e@b.co\"},{\"id\":1,\"email\":\"dup@b.co\"}]"), 409,
                "DS110");
        assertOnlyFirstUser(records);
    }

    /** PostgreSQL text and jsonb cannot hold NUL at all, BSON not in keys: a 400 naming the field, never a 500. */
    @ParameterizedTest
    @ValueSource(strings = {"flat_table", "jsonb", "mongodb"})
    void shouldRejectNulCharactersTheStoreCannotHold(String provider) {
        String app = createApp(tenant, "App", "app-" + hex(6));
        String ds = createDataSource(tenant, app, "ds", provider);
        createTable(tenant, app, ds, "docs", """
                {"fields":[{"name":"id","type":"string"},{"name":"text","type":"string"},{"name":"doc","type":"object"}],
                 "primaryKey":["id"]}""");
        String records = recordsPath(app, ds, "docs");
        insert(tenant, records, "{\"id\":\"a\",\"text\":\"fine\"}");

        assertProblem(post(records, "{\"id\":\"b\",\"doc\":{\"k\\u0000\":1}}"), 400, "DS103")
                .body("errors.field", hasItem("doc"));
        assertProblem(as(tenant).body("{\"doc\":{\"x\":[{\"k\\u0000\":1}]}}").patch(records + "a/"), 400, "DS103")
                .body("errors.field", hasItem("doc"));
        Response nulInText = post(records, "{\"id\":\"c\",\"text\":\"x\\u0000y\"}");
        if (provider.equals("mongodb")) {
            nulInText.then().log().ifValidationFails().statusCode(201);
            assertEquals("x\u0000y", json(as(tenant).get(records + "c/")).path("text").asText());
            as(tenant).delete(records + "c/").then().statusCode(204);
        } else {
            assertProblem(nulInText, 400, "DS103").body("errors.field", hasItem("text"));
            assertProblem(as(tenant).body("{\"text\":\"\\u0000\"}").patch(records + "a/"), 400, "DS103")
                    .body("errors.field", hasItem("text"));
            assertProblem(post(records, "[{\"id\":\"d\"},{\"id\":\"e\",\"text\":\"\\u0000\"}]"), 400, "DS103")
                    .body("errors.field", hasItem("[1].text"));
            // %00 in the URL: a key PostgreSQL cannot hold names no record (was a 500).
            assertProblem(as(tenant).urlEncodingEnabled(false).get(records + "a%00b/"), 400, "DS101")
                    .body("errors.field", hasItem("pk"));
        }
        JsonNode list = json(as(tenant).get(records));
        assertEquals(1, list.path("count").asLong(), list.toString());
        assertEquals(json("{\"id\":\"a\",\"text\":\"fine\",\"doc\":null}"), list.path("results").get(0));
    }

    @Test
    void shouldLeaveDataUnchangedAfterNonsense() {
        String records = usersTable("flat_table");
        long apps = count(tenant, "/api/apps/");
        for (String body : List.of("{", "[1,", "nul", "{} x", "", "{\"name\":123}", "{\"name\":\"a\",\"bogus\":1}",
                toJson(Map.of("name", "n".repeat(100_000))), toJson(Map.of("name", "x", "slug", SQL_QUOTE)))) {
            assertClientError(post("/api/apps/", body), body);
        }
        for (String body : List.of("{", "[]", "{\"id\":\"abc\",\"email\":5}", "\"x\"", "{\"id\":1e30}",
                "{\"id\":2,\"email\":\"\\u0000\"}")) {
            assertClientError(post(records, body), body);
        }
        assertEquals(apps, count(tenant, "/api/apps/"));
        assertOnlyFirstUser(records);
    }

    // ---------------------------------------------------------------- helpers

    private Response post(String path, String body) {
        return as(tenant).body(body).post(path);
    }

    /** Any 4xx problem+json with a code: for loops over assorted nonsense where only "not a 500" matters. */
    private static void assertClientError(Response response, String sent) {
        String what = (sent.length() > 60 ? sent.substring(0, 60) + "…" : sent) + " → " + response.statusCode()
                + " " + response.asString();
        assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, what);
        assertEquals(PROBLEM_JSON, response.contentType().split(";")[0], what);
        assertTrue(json(response).path("code").asText().matches("DS[1-4][0-9][0-9]"), what);
    }
}
