package io.datably.api;

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
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every read and write is confined to the tenant of the request: another tenant gets 404 on each object of the
 * first (never 403, which would confirm it exists), sees empty lists, and cannot change anything; slugs and
 * table names are per tenant. The structure endpoints (operations, rollback, indexes, adoption) are probed by
 * {@link TenantIsolationSchemaTest}, aggregates, the JSON query and TreeQL by {@link TenantIsolationRecordsTest}.
 */
@QuarkusTest
class TenantIsolationTest {
    private static final List<String> PROVIDERS = List.of("flat_table", "jsonb", "mongodb");
    private static final String ITEMS_SCHEMA = """
            {"fields":[{"name":"id","type":"integer","constraints":{"required":true}},
                       {"name":"title","type":"string"}],
             "primaryKey":["id"]}""";
    private static final String ITEMS = """
            [{"id":1,"title":"first"},{"id":2,"title":"second"}]""";

    /** Tenant A's objects: one app, a datasource per provider with an "items" table, plus an unmaterialized table. */
    private record Fixture(String tenant, String app, Map<String, String> datasourceByProvider) {
        String flat() {
            return datasourceByProvider.get("flat_table");
        }
    }

    private static Fixture tenantWithData() {
        String tenant = newTenantId("ta");
        String app = createApp(tenant, "Shop " + hex(6), "shop-" + hex(8));
        Map<String, String> datasources = new LinkedHashMap<>();
        for (String provider : PROVIDERS) {
            String ds = createDataSource(tenant, app, provider.replace("_", "-") + "-" + hex(4), provider);
            datasources.put(provider, ds);
            createTable(tenant, app, ds, "items", ITEMS_SCHEMA);
            insert(tenant, recordsPath(app, ds, "items"), ITEMS);
        }
        as(tenant).body("{\"name\":\"draft\",\"materialize\":false,\"json_schema\":" + ITEMS_SCHEMA + "}")
                .post(dsPath(app, datasources.get("flat_table")) + "datatables/").then().statusCode(201);
        return new Fixture(tenant, app, datasources);
    }

    @Test
    void shouldAnswer404ToAnotherTenantOnEveryReadEndpoint() {
        Fixture a = tenantWithData();
        String b = newTenantId("tb");
        List<Executable> checks = new ArrayList<>();
        for (String path : readPaths(a)) {
            checks.add(() -> assertNotFound(() -> as(b), "GET", path, null));
            // No X-Tenant header: the default tenant must not see A's objects either.
            checks.add(() -> assertNotFound(() -> given(), "GET", path, null));
        }
        assertAll(checks);
    }

    @Test
    void shouldAnswer404ToAnotherTenantOnEveryWriteEndpointAndLeaveDataUnchanged() {
        Fixture a = tenantWithData();
        JsonNode appBefore = json(as(a.tenant()).get(appPath(a.app())));
        String b = newTenantId("tb");

        List<Executable> checks = new ArrayList<>();
        String app = appPath(a.app());
        checks.add(() -> assertNotFound(() -> as(b), "PUT", app, "{\"name\":\"hijacked\"}"));
        checks.add(() -> assertNotFound(() -> as(b), "PATCH", app, "{\"name\":\"hijacked\",\"is_active\":false}"));
        checks.add(() -> assertNotFound(() -> as(b), "POST", app + "datasources/",
                "{\"name\":\"x\",\"provider_type\":\"jsonb\"}"));
        for (String ds : a.datasourceByProvider().values()) {
            String dsPath = dsPath(a.app(), ds);
            String table = tablePath(a.app(), ds, "items");
            String records = recordsPath(a.app(), ds, "items");
            checks.add(() -> assertNotFound(() -> as(b), "PATCH", dsPath, "{\"name\":\"hijacked\",\"is_active\":false}"));
            checks.add(() -> assertNotFound(() -> as(b), "POST", dsPath + "datatables/",
                    "{\"name\":\"intruder\",\"json_schema\":" + ITEMS_SCHEMA + "}"));
            checks.add(() -> assertNotFound(() -> as(b), "PUT", table,
                    "{\"description\":\"hijacked\",\"json_schema\":" + ITEMS_SCHEMA + "}"));
            checks.add(() -> assertNotFound(() -> as(b), "PATCH", table, "{\"description\":\"hijacked\",\"is_active\":false}"));
            checks.add(() -> assertNotFound(() -> as(b), "POST", table + "materialize/", null));
            checks.add(() -> assertNotFound(() -> as(b), "POST", records, "{\"id\":3,\"title\":\"intruder\"}"));
            checks.add(() -> assertNotFound(() -> as(b), "POST", records, "[{\"id\":4,\"title\":\"intruder\"}]"));
            checks.add(() -> assertNotFound(() -> as(b), "PUT", records + "1/", "{\"title\":\"hijacked\"}"));
            checks.add(() -> assertNotFound(() -> as(b), "PATCH", records + "1/", "{\"title\":\"hijacked\"}"));
            checks.add(() -> assertNotFound(() -> as(b), "DELETE", records + "1/", null));
        }
        String draft = tablePath(a.app(), a.flat(), "draft");
        checks.add(() -> assertNotFound(() -> as(b), "POST", draft + "materialize/", null));
        checks.add(() -> assertNotFound(() -> as(b), "PATCH", draft, "{\"is_active\":false}"));
        // Deletes last, so that a leaking delete cannot hide the other checks' results.
        for (String ds : a.datasourceByProvider().values()) {
            checks.add(() -> assertNotFound(() -> as(b), "DELETE", tablePath(a.app(), ds, "items"), null));
            checks.add(() -> assertNotFound(() -> as(b), "DELETE", dsPath(a.app(), ds), null));
        }
        checks.add(() -> assertNotFound(() -> as(b), "DELETE", app, null));
        assertAll(checks);

        assertTenantStillSeesEverything(a, appBefore);
    }

    @Test
    void shouldShowAnotherTenantEmptyLists() {
        Fixture a = tenantWithData();
        String b = newTenantId("tb");

        assertEquals(0, count(b, "/api/apps/"));
        assertEquals(0, count(b, "/api/apps/?is_active=false"));
        assertEquals(0, count(b, "/api/apps/?search=" + a.app()));
        JsonNode list = json(as(b).get("/api/apps/"));
        assertEquals(0, list.path("results").size(), list.toString());
        // A still sees its own app in the same list.
        assertEquals(1, count(a.tenant(), "/api/apps/?search=" + a.app()));
    }

    @Test
    void shouldAllowTheSameSlugInAnotherTenant() {
        Fixture a = tenantWithData();
        String b = newTenantId("tb");

        Response created = as(b).body("{\"name\":\"Shop of B\",\"slug\":\"" + a.app() + "\"}").post("/api/apps/");
        created.then().log().ifValidationFails().statusCode(201);
        JsonNode appOfB = json(created);
        JsonNode appOfA = json(as(a.tenant()).get(appPath(a.app())));
        assertEquals(a.app(), appOfB.path("slug").asText());
        assertNotEquals(appOfA.path("id"), appOfB.path("id"));
        assertEquals("Shop of B", json(as(b).get(appPath(a.app()))).path("name").asText());
        assertNotEquals("Shop of B", appOfA.path("name").asText());
        // B's own slug space is still checked: a second app with that slug conflicts in B.
        assertProblem(as(b).body("{\"name\":\"again\",\"slug\":\"" + a.app() + "\"}").post("/api/apps/"), 409, "DS110");
    }

    @Test
    void shouldKeepRecordsOfSameNamedTablesIndependent() {
        Fixture a = tenantWithData();
        String b = newTenantId("tb");
        createApp(b, "Shop of B", a.app());
        for (var entry : a.datasourceByProvider().entrySet()) {
            String ds = entry.getValue();
            createDataSource(b, a.app(), ds, entry.getKey());
            createTable(b, a.app(), ds, "items", ITEMS_SCHEMA);
            String records = recordsPath(a.app(), ds, "items");
            // Same key as A's first record: no duplicate, since B's table is B's own.
            insert(b, records, "{\"id\":1,\"title\":\"b's own\"}");

            assertEquals(1, count(b, records), entry.getKey());
            assertEquals(2, count(a.tenant(), records), entry.getKey());
            assertEquals("b's own", json(as(b).get(records + "1/")).path("title").asText());
            assertEquals("first", json(as(a.tenant()).get(records + "1/")).path("title").asText());

            as(b).body("{\"title\":\"changed by b\"}").patch(records + "1/").then().statusCode(200);
            as(b).delete(records + "1/").then().statusCode(204);
            assertEquals(0, count(b, records), entry.getKey());
            assertEquals("first", json(as(a.tenant()).get(records + "1/")).path("title").asText(), entry.getKey());
            assertEquals(2, count(a.tenant(), records), entry.getKey());
        }
        JsonNode statsOfB = json(as(b).get(appPath(a.app()) + "stats/"));
        JsonNode statsOfA = json(as(a.tenant()).get(appPath(a.app()) + "stats/"));
        assertEquals(0, statsOfB.path("record_count").asLong(), statsOfB.toString());
        assertEquals(6, statsOfA.path("record_count").asLong(), statsOfA.toString());
    }

    // --- helpers ---

    /** Every GET endpoint under A's app. */
    private static List<String> readPaths(Fixture a) {
        List<String> paths = new ArrayList<>();
        String app = appPath(a.app());
        paths.add(app);
        paths.add(app + "stats/");
        paths.add(app + "datasources/");
        paths.add(app + "datatables/");
        paths.add(app + "datatables/stats/");
        paths.add(app + "datatables/?datasource=" + a.flat());
        for (String ds : a.datasourceByProvider().values()) {
            String dsPath = dsPath(a.app(), ds);
            String table = tablePath(a.app(), ds, "items");
            paths.add(dsPath);
            paths.add(dsPath + "stats/");
            paths.add(dsPath + "datatables/");
            paths.add(table);
            paths.add(table + "schema/");
            paths.add(table + "records/");
            paths.add(table + "records/1/");
            paths.add(table + "records/999/");
        }
        paths.add(tablePath(a.app(), a.flat(), "draft"));
        return paths;
    }

    private static void assertNotFound(Supplier<RequestSpecification> request, String method, String path,
                                       String body) {
        RequestSpecification spec = request.get();
        if (body != null) {
            spec = spec.contentType("application/json").body(body);
        }
        Response response = spec.request(method, path);
        String where = method + " " + path + " answered " + response.statusCode() + ": " + response.asString();
        assertEquals(404, response.statusCode(), where);
        assertEquals("application/problem+json", response.contentType().split(";")[0], where);
        assertEquals("DS104", json(response).path("code").asText(), where);
    }

    /** A's app, datasources, tables and records are exactly as before B's attempts. */
    private static void assertTenantStillSeesEverything(Fixture a, JsonNode appBefore) {
        JsonNode app = json(as(a.tenant()).get(appPath(a.app())));
        assertEquals(appBefore, app, "app changed");
        assertEquals(true, app.path("is_active").asBoolean());
        assertEquals(3, app.path("datasource_count").asLong(), app.toString());
        assertEquals(4, app.path("table_count").asLong(), app.toString());
        for (String ds : a.datasourceByProvider().values()) {
            JsonNode datasource = json(as(a.tenant()).get(dsPath(a.app(), ds)));
            assertEquals(ds, datasource.path("name").asText(), datasource.toString());
            assertEquals(true, datasource.path("is_active").asBoolean(), datasource.toString());
            JsonNode table = json(as(a.tenant()).get(tablePath(a.app(), ds, "items")));
            assertEquals(true, table.path("is_active").asBoolean(), table.toString());
            assertEquals("", table.path("description").asText(), table.toString());
            JsonNode records = json(as(a.tenant()).get(recordsPath(a.app(), ds, "items")));
            assertEquals(json(ITEMS), records.path("results"), ds);
            assertEquals(2, records.path("count").asLong(), ds);
        }
        JsonNode draft = json(as(a.tenant()).get(tablePath(a.app(), a.flat(), "draft")));
        assertEquals(false, draft.path("is_materialized").asBoolean(), draft.toString());
        assertEquals(true, draft.path("is_active").asBoolean(), draft.toString());
        assertEquals(1, count(a.tenant(), "/api/apps/"));
    }
}
