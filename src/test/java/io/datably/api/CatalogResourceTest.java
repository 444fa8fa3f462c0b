package io.datably.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.nullValue;

import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalog API of API.md: apps, datasources, datatables, stats, soft delete, paging. */
@QuarkusTest
class CatalogResourceTest {
    private static final String ISO_UTC = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z";
    private static final String USERS_TABLE = """
            {"name":"users","description":"User accounts table","json_schema":{"fields":[
              {"name":"id","type":"integer","constraints":{"required":true,"unique":true}},
              {"name":"email","type":"string","format":"email","constraints":{"required":true}},
              {"name":"name","type":"string","constraints":{"required":true}},
              {"name":"created_at","type":"datetime"}],"primaryKey":["id"]}}""";

    @Test
    void seedQuickStartWorksVerbatimThenRecordsCrud() {
        Api api = Api.newTenant();
        api.post("/api/apps/", "{\"name\":\"My Application\",\"description\":\"My awesome application\"}")
                .statusCode(201).body("id", greaterThan(0)).body("name", equalTo("My Application"))
                .body("slug", equalTo("my-application")).body("description", equalTo("My awesome application"))
                .body("datasource_count", equalTo(0)).body("table_count", equalTo(0))
                .body("created_at", matchesPattern(ISO_UTC));
        api.post("/api/apps/my-application/datasources/", """
                {"name":"Users Database","slug":"users-db","provider_type":"flat_table","description":"User data storage"}""")
                .statusCode(201).body("slug", equalTo("users-db")).body("app", equalTo("my-application"))
                .body("provider_type", equalTo("flat_table"));
        api.post("/api/apps/my-application/datasources/users-db/datatables/", USERS_TABLE).statusCode(201)
                .body("name", equalTo("users")).body("physical_table_name", equalTo("my_application_users"))
                .body("is_materialized", equalTo(true)).body("schema_version", equalTo(1))
                .body("schema_hash", matchesPattern("[0-9a-f]{64}"))
                .body("json_schema.primaryKey", equalTo(List.of("id")));

        String records = "/api/apps/my-application/datasources/users-db/datatables/users/records/";
        api.post(records, "{\"id\":1,\"email\":\"ada@example.com\",\"name\":\"Ada\",\"created_at\":\"2024-10-30T12:00:00Z\"}")
                .statusCode(201).body("created_at", equalTo("2024-10-30T12:00:00Z"));
        api.get(records + "1").statusCode(200).body("name", equalTo("Ada"));
        api.patch(records + "1", "{\"name\":\"Ada L.\"}").statusCode(200).body("name", equalTo("Ada L."));
        api.put(records + "1", "{\"email\":\"ada@example.org\",\"name\":\"Ada\"}").statusCode(200)
                .body("created_at", nullValue());
        api.get(records).statusCode(200).body("count", equalTo(1)).body("results[0].email", equalTo("ada@example.org"));
        api.delete(records + "1").statusCode(204);
        api.get("/api/apps/my-application/").body("datasource_count", equalTo(1)).body("table_count", equalTo(1));
    }

    @Test
    void derivesSlugsAndRefusesDuplicates() {
        Api api = Api.newTenant();
        api.post("/api/apps/", "{\"name\":\"  Café Crème / Ünïcode  \"}").statusCode(201)
                .body("slug", equalTo("cafe-creme-unicode")).body("name", equalTo("Café Crème / Ünïcode"));
        api.post("/api/apps/", "{\"name\":\"Cafe creme unicode\"}").statusCode(409).body("code", equalTo("DS110"))
                .body("detail", containsString("cafe-creme-unicode"));
        api.post("/api/apps/", "{\"name\":\"Other\",\"slug\":\"cafe-creme-unicode\"}").statusCode(409);
        api.post("/api/apps/cafe-creme-unicode/datasources/", "{\"name\":\"Main DB\",\"provider_type\":\"jsonb\"}")
                .statusCode(201).body("slug", equalTo("main-db"));
        api.post("/api/apps/cafe-creme-unicode/datasources/", "{\"name\":\"main db\",\"provider_type\":\"jsonb\"}")
                .statusCode(409);
        String tables = "/api/apps/cafe-creme-unicode/datasources/main-db/datatables/";
        api.post(tables, "{\"name\":\"t\",\"json_schema\":{\"fields\":[{\"name\":\"a\"}]}}").statusCode(201);
        api.post(tables, "{\"name\":\"t\",\"json_schema\":{\"fields\":[{\"name\":\"a\"}]}}").statusCode(409);
    }

    @Test
    void listsAppsWithPagingSearchAndActivity() {
        Api api = Api.newTenant();
        for (String name : List.of("Alpha", "Beta", "Gamma")) {
            api.post("/api/apps/", "{\"name\":\"" + name + "\",\"description\":\"app " + name + "\"}").statusCode(201);
        }
        api.get("/api/apps/?page_size=2").statusCode(200).body("count", equalTo(3))
                .body("results.slug", equalTo(List.of("alpha", "beta"))).body("next", containsString("page=2"))
                .body("previous", nullValue());
        api.get("/api/apps?page_size=2&page=2").body("results.slug", equalTo(List.of("gamma")))
                .body("next", nullValue()).body("previous", not(containsString("page=")));
        // Past the last page: 404 naming page and the last page, as record lists answer (Django REST Framework's way).
        api.get("/api/apps/?page_size=2&page=3").statusCode(404).body("code", equalTo("DS104"))
                .body("errors[0].field", equalTo("page")).body("last_page", equalTo(2));
        api.get("/api/apps/?search=nothing-matches&page=2").statusCode(404).body("last_page", equalTo(1));
        api.get("/api/apps/?search=nothing-matches").statusCode(200).body("count", equalTo(0));
        api.get("/api/apps/?search=AMM").body("count", equalTo(1)).body("results[0].slug", equalTo("gamma"));
        api.get("/api/apps/?search=%25").body("count", equalTo(0));
        api.delete("/api/apps/beta/").statusCode(204);
        api.get("/api/apps/").body("count", equalTo(2));
        api.get("/api/apps/?is_active=false").body("count", equalTo(1)).body("results[0].slug", equalTo("beta"));
        api.get("/api/apps/beta").statusCode(200).body("is_active", equalTo(false));
    }

    @Test
    void changesAppsWithPatchAndPut() {
        Api api = Api.newTenant();
        api.post("/api/apps/", "{\"name\":\"Shop\",\"description\":\"d\"}").statusCode(201);
        api.patch("/api/apps/shop/", "{\"description\":\"new\"}").statusCode(200)
                .body("name", equalTo("Shop")).body("description", equalTo("new"));
        api.put("/api/apps/shop/", "{\"name\":\"Shop 2\",\"slug\":\"shop2\"}").statusCode(200)
                .body("slug", equalTo("shop2")).body("description", equalTo(""));
        api.get("/api/apps/shop/").statusCode(404);
        api.put("/api/apps/shop2/", "{\"description\":\"x\"}").statusCode(400)
                .body("errors[0].field", equalTo("name"));
    }

    @Test
    void softDeleteCascadesToDatasourcesAndTables() {
        Api api = Api.newTenant();
        String ds = api.createDataSource("flat_table");
        String records = api.createTable(ds, "items", "{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"}],"
                + "\"primaryKey\":[\"id\"]}");
        api.post(records, "{\"id\":1}").statusCode(201);
        String app = ds.substring(0, ds.indexOf("/datasources"));
        api.delete(app + "/").statusCode(204);
        api.get(app).statusCode(200).body("is_active", equalTo(false));
        api.get(ds).statusCode(200).body("is_active", equalTo(false));
        api.get(ds + "/datatables/items").statusCode(200).body("is_active", equalTo(false));
        api.get(records).statusCode(404);
        api.post(app + "/datasources/", "{\"name\":\"x\",\"provider_type\":\"jsonb\"}").statusCode(404);
    }

    @Test
    void deletingADatasourceDeactivatesItsTables() {
        Api api = Api.newTenant();
        String ds = api.createDataSource("jsonb");
        api.createTable(ds, "a", "{\"fields\":[{\"name\":\"x\",\"type\":\"string\"}]}");
        api.delete(ds + "/").statusCode(204);
        api.get(ds + "/datatables/?is_active=false").statusCode(200).body("results.name", equalTo(List.of("a")));
        api.get(ds.substring(0, ds.indexOf("/datasources")) + "/datasources/").body("count", equalTo(0));
    }

    @Test
    void materializesOnDemandAndFiltersAcrossDatasources() {
        Api api = Api.newTenant();
        String flat = api.createDataSource("flat_table");
        String app = flat.substring(0, flat.indexOf("/datasources"));
        api.post(app + "/datasources/", "{\"name\":\"docs\",\"provider_type\":\"jsonb\"}").statusCode(201);
        String schema = "{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}";
        api.post(flat + "/datatables/", "{\"name\":\"later\",\"json_schema\":" + schema + ",\"materialize\":false}")
                .statusCode(201).body("is_materialized", equalTo(false));
        api.post(app + "/datasources/docs/datatables/", "{\"name\":\"now\",\"json_schema\":" + schema + "}")
                .statusCode(201);
        api.get(flat + "/datatables/later/records/").statusCode(409).body("detail", containsString("materialize"));

        api.get(app + "/datatables/").statusCode(200).body("count", equalTo(2));
        api.get(app + "/datatables/?is_materialized=false").body("results.name", equalTo(List.of("later")));
        api.get(app + "/datatables/?datasource=docs").body("results.name", equalTo(List.of("now")));
        api.get(app + "/datatables/?datasource=nope").statusCode(404);

        api.post(flat + "/datatables/later/materialize/", "").statusCode(200).body("is_materialized", equalTo(true));
        api.post(flat + "/datatables/later/materialize", "").statusCode(200);
        api.post(flat + "/datatables/later/records/", "{\"id\":1}").statusCode(201);
        api.get(app + "/datatables/?is_materialized=false").body("count", equalTo(0));
    }

    @Test
    void servesTheSchemaAloneAndReplacesItBeforeAndMigratesItAfterMaterialization() {
        Api api = Api.newTenant();
        String ds = api.createDataSource("flat_table");
        api.post(ds + "/datatables/", "{\"name\":\"p\",\"materialize\":false,\"json_schema\":"
                + "{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"}]}}").statusCode(201);
        api.get(ds + "/datatables/p/schema/").statusCode(200).body("fields[0].name", equalTo("id"))
                .body("$", not(org.hamcrest.Matchers.hasKey("physical_table_name")));
        api.patch(ds + "/datatables/p/", "{\"json_schema\":{\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}}")
                .statusCode(200).body("schema_version", equalTo(2)).body("json_schema.fields[0].type", equalTo("string"));
        api.post(ds + "/datatables/p/materialize/", "").statusCode(200);
        // Once materialized, a schema change is a migration, recorded with its changelog.
        api.patch(ds + "/datatables/p/", "{\"json_schema\":{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"}]}}")
                .statusCode(200).body("schema_version", equalTo(3)).body("json_schema.fields[0].type", equalTo("integer"));
        api.get(ds + "/datatables/p/operations/").statusCode(200).body("count", equalTo(4))
                .body("results.operation", equalTo(java.util.List.of("create", "update", "materialize", "update")))
                .body("results[2].sql", org.hamcrest.Matchers.containsString("CREATE TABLE"))
                .body("results[2].changelog", org.hamcrest.Matchers.containsString("changeSet:"))
                .body("results[3].sql", org.hamcrest.Matchers.containsString("TYPE bigint"));
        api.patch(ds + "/datatables/p/", "{\"description\":\"products\"}").statusCode(200)
                .body("description", equalTo("products"));
    }

    @Test
    void reportsStatsAtEveryLevel() {
        Api api = Api.newTenant();
        String flat = api.createDataSource("flat_table");
        String app = flat.substring(0, flat.indexOf("/datasources"));
        api.post(app + "/datasources/", "{\"name\":\"docs\",\"provider_type\":\"mongodb\"}").statusCode(201);
        String schema = "{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}";
        String a = api.createTable(flat, "a", schema);
        String b = api.createTable(app + "/datasources/docs", "b", schema);
        api.post(a, "[{\"id\":1},{\"id\":2}]").statusCode(201);
        api.post(b, "[{\"id\":1},{\"id\":2},{\"id\":3}]").statusCode(201);

        api.get(app + "/stats/").statusCode(200).body("datasource_count", equalTo(2)).body("table_count", equalTo(2))
                .body("materialized_table_count", equalTo(2)).body("record_count", equalTo(5))
                .body("by_provider.flat_table.record_count", equalTo(2))
                .body("by_provider.mongodb.record_count", equalTo(3));
        api.get(flat + "/stats/").body("record_count", equalTo(2)).body("tables", hasSize(1))
                .body("storage_bytes", org.hamcrest.Matchers.greaterThan(0));
        api.get(app + "/datatables/stats/").body("tables.name", hasItem("b")).body("record_count", equalTo(5));
    }

    @Test
    void acceptsPathsWithAndWithoutTrailingSlash() {
        Api api = Api.newTenant();
        api.post("/api/apps", "{\"name\":\"Slash\"}").statusCode(201);
        api.get("/api/apps/slash").statusCode(200);
        api.get("/api/apps/slash/").statusCode(200);
        api.get("/api/apps/slash/stats").statusCode(200);
        api.get("/api/apps/slash/datasources").statusCode(200);
    }

    @Test
    void isReadyAndDescribesItself() {
        io.restassured.RestAssured.get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("MongoDB"));
        io.restassured.RestAssured.get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/apps"))
                .body("paths", org.hamcrest.Matchers.hasKey(
                        "/api/apps/{app}/datasources/{ds}/datatables/{table}/records/{pk}"))
                .body("components.schemas.AppView.properties", org.hamcrest.Matchers.hasKey("datasource_count"))
                .body("components.schemas.DataTableInput.properties", org.hamcrest.Matchers.hasKey("json_schema"))
                .body("components.schemas.DataTableInput.properties", org.hamcrest.Matchers.hasKey("backfill"))
                .body("paths", org.hamcrest.Matchers.hasKey(
                        "/api/apps/{app}/datasources/{ds}/datatables/{table}/operations"))
                .body("paths", org.hamcrest.Matchers.hasKey(
                        "/api/apps/{app}/datasources/{ds}/datatables/{table}/operations/{id}/rollback"))
                .body("components.schemas.MigrationPreview.properties", org.hamcrest.Matchers.hasKey("records_checked"))
                .body("components.schemas.SchemaOperationView.properties", org.hamcrest.Matchers.hasKey("duration_ms"))
                .body("components.securitySchemes.bearerAuth.type", equalTo("http"))
                .body("components.securitySchemes.bearerAuth.scheme", equalTo("bearer"))
                .body("security[0]", org.hamcrest.Matchers.hasKey("bearerAuth"))
                // Every operation says what security may answer.
                .body("paths.'/api/apps'.get.responses", org.hamcrest.Matchers.hasKey("429"))
                .body("paths.'/api/apps/{app}/datasources/{ds}/datatables/{table}/records/{pk}'.delete.responses",
                        org.hamcrest.Matchers.hasKey("403"))
                // Bulk changes by filter are described with their own refusals.
                .body("paths.'/api/apps/{app}/datasources/{ds}/datatables/{table}/records'.patch.responses",
                        org.hamcrest.Matchers.hasKey("409"))
                .body("paths.'/api/apps/{app}/datasources/{ds}/datatables/{table}/records'.delete.responses",
                        org.hamcrest.Matchers.hasKey("409"))
                .body("paths.'/api/apps/{app}/datasources/{ds}/datatables/{table}/records'.get.responses.'503'"
                        + ".description", org.hamcrest.Matchers.containsString("DS502"));
    }
}
