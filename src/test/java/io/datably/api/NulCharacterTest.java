package io.datably.api;

import static io.datably.testsupport.Api.as;
import static io.datably.testsupport.Api.assertProblem;
import static io.datably.testsupport.Api.createApp;
import static io.datably.testsupport.Api.createDataSource;
import static io.datably.testsupport.Api.createTable;
import static io.datably.testsupport.Api.dsPath;
import static io.datably.testsupport.Api.hex;
import static io.datably.testsupport.Api.insert;
import static io.datably.testsupport.Api.newTenantId;
import static io.datably.testsupport.Api.recordsPath;
import static io.datably.testsupport.Api.tablePath;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PostgreSQL text cannot hold the NUL character (U+0000), so a NUL in a slug, name, search term or filter used to
 * reach the database and come back as a 500. Each is a 400 naming the parameter or field; nothing is stored.
 */
@QuarkusTest
class NulCharacterTest {
    private String tenant;
    private String app;

    @BeforeEach
    void catalog() {
        tenant = newTenantId("nul");
        app = createApp(tenant, "App", "app-" + hex(6));
    }

    private RequestSpecification raw() {
        return as(tenant).urlEncodingEnabled(false);
    }

    @Test
    void inCatalogUrlsTheParameterIsNamed() {
        assertProblem(raw().get("/api/apps/?search=a%00b"), 400, "DS101").body("errors.field", hasItem("search"));
        assertProblem(raw().get("/api/apps/?is_active=%00"), 400, "DS101").body("errors.field", hasItem("is_active"));
        assertProblem(raw().get("/api/apps/a%00b/"), 400, "DS101").body("errors.field", hasItem("app"));
        assertProblem(raw().delete("/api/apps/a%00b/"), 400, "DS101").body("errors.field", hasItem("app"));
        assertProblem(raw().get("/api/apps/" + app + "/datasources/?search=%00"), 400, "DS101")
                .body("errors.field", hasItem("search"));
        assertProblem(raw().get("/api/apps/" + app + "/datasources/d%00/"), 400, "DS101")
                .body("errors.field", hasItem("ds"));
        assertProblem(raw().get("/api/apps/" + app + "/datatables/?datasource=%00"), 400, "DS101")
                .body("errors.field", hasItem("datasource"));
    }

    @Test
    void inCatalogBodiesTheFieldIsNamed() {
        createDataSource(tenant, app, "ds", "flat_table");
        createTable(tenant, app, "ds", "t", "{\"fields\":[{\"name\":\"k\",\"type\":\"string\"}]}");
        assertProblem(as(tenant).body("{\"name\":\"t\\u0000\",\"json_schema\":{\"fields\":[{\"name\":\"a\"}]}}")
                .post(dsPath(app, "ds") + "datatables/"), 400, "DS102").body("errors.field", hasItem("name"));
        assertProblem(as(tenant).body("{\"slug\":\"x\\u0000\"}").patch(dsPath(app, "ds")), 400, "DS102")
                .body("errors.field", hasItem("slug"));
        assertProblem(as(tenant).body("{\"name\":\"i\\u0000\",\"fields\":[\"k\"]}")
                .post(tablePath(app, "ds", "t") + "indexes/"), 400, "DS102").body("errors.field", hasItem("name"));
        assertProblem(as(tenant).body("{\"fields\":[\"k\\u0000\"]}").post(tablePath(app, "ds", "t") + "indexes/"),
                400, "DS102").body("errors.field", hasItem("fields[0]"));
        assertProblem(as(tenant).body("{\"tables\":[\"a\\u0000\"]}").post(dsPath(app, "ds") + "adopt/"), 400, "DS102")
                .body("errors.field", hasItem("tables"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat_table", "jsonb", "mongodb"})
    void inRecordQueriesTheParameterIsNamed(String provider) {
        createDataSource(tenant, app, "ds", provider);
        createTable(tenant, app, "ds", "t", "{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},"
                + "{\"name\":\"name\",\"type\":\"string\"}],\"primaryKey\":[\"id\"]}");
        String records = recordsPath(app, "ds", "t");
        insert(tenant, records, "{\"id\":1,\"name\":\"a\"}");
        assertProblem(raw().get(records + "?search=a%00b"), 400, "DS101").body("errors.field", hasItem("search"));
        assertProblem(raw().get(records + "?name=a%00b"), 400, "DS101").body("errors.field", hasItem("name"));
        assertProblem(raw().get(records + "?name__in=a,%00"), 400, "DS101").body("errors.field", hasItem("name__in"));
        assertProblem(raw().get(records + "?ordering=%00"), 400, "DS101").body("errors.field", hasItem("ordering"));
        assertProblem(as(tenant).body("{\"search\":\"a\\u0000b\"}").post(records + "query/"), 400, "DS101")
                .body("errors.field", hasItem("search"));
        assertProblem(as(tenant).body("{\"where\":{\"field\":\"name\",\"op\":\"icontains\",\"value\":\"\\u0000\"}}")
                .post(records + "query/"), 400, "DS101");
        assertProblem(as(tenant).body("{\"where\":{\"field\":\"name\\u0000\",\"op\":\"eq\",\"value\":\"a\"}}")
                .post(records + "query/"), 400, "DS101");
        assertProblem(as(tenant).body("{\"where\":{\"field\":\"name\",\"op\":\"eq\",\"value\":\"\\u0000\"},"
                + "\"aggregates\":[\"count(*)\"]}").post(records + "aggregate/"), 400, "DS101");
        String treeql = dsPath(app, "ds") + "records/t";
        assertProblem(raw().get(treeql + "?filter=name,eq,a%00b"), 400, "DS101")
                .body("errors.field", hasItem("filter"));
        assertProblem(raw().get(treeql + "/a%00"), 400, "DS101").body("errors.field", hasItem("ids"));
    }
}
