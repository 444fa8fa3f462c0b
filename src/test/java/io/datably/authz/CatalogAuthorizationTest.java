package io.datably.authz;

import static io.datably.security.EnforcedMode.as;
import static org.hamcrest.Matchers.containsString;

import io.datably.security.EnforcedMode;
import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * The default policies (policies/*.yaml) on catalog actions, decided by the real PDP before anything is looked up:
 * admins change the catalog, editors and viewers read it, a caller with no known role does nothing.
 */
@QuarkusTest
@TestProfile(EnforcedMode.class)
class CatalogAuthorizationTest {

    @Test
    void rolesDecideCatalogActions() {
        String tenant = Api.newTenantId("authz");
        String admin = EnforcedMode.token("root", tenant, "admin");
        String editor = EnforcedMode.token("ed", tenant, "editor");
        String viewer = EnforcedMode.token("vi", tenant, "viewer");
        String guest = EnforcedMode.token("gu", tenant);
        as(admin).body("{\"name\":\"Shop\",\"slug\":\"shop\"}").post("/api/apps/").then().statusCode(201);
        as(admin).body("{\"name\":\"ds\",\"slug\":\"ds\",\"provider_type\":\"jsonb\"}")
                .post("/api/apps/shop/datasources/").then().statusCode(201);
        String table = "{\"name\":\"notes\",\"json_schema\":{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"}],"
                + "\"primaryKey\":[\"id\"]}}";
        Api.assertProblem(as(editor).body(table).post("/api/apps/shop/datasources/ds/datatables/"), 403, "DS302")
                .body("detail", containsString("create datatables"));
        as(admin).body(table).post("/api/apps/shop/datasources/ds/datatables/").then().statusCode(201);
        for (String reader : new String[] {editor, viewer}) {
            as(reader).get("/api/apps/").then().statusCode(200);
            as(reader).get("/api/apps/shop/datasources/ds/datatables/notes/").then().statusCode(200);
            Api.assertProblem(as(reader).body("{\"description\":\"x\"}").patch("/api/apps/shop/"), 403, "DS302");
            Api.assertProblem(as(reader).delete("/api/apps/shop/datasources/ds/datatables/notes/"), 403, "DS302");
            Api.assertProblem(as(reader).body("{\"fields\":[\"id\"]}")
                    .post("/api/apps/shop/datasources/ds/datatables/notes/indexes/"), 403, "DS302");
            // A rename is a change of the datatable (migrate), natively and in TreeQL's columns API.
            Api.assertProblem(as(reader).body("{\"name\":\"memos\"}")
                    .patch("/api/apps/shop/datasources/ds/datatables/notes/"), 403, "DS302");
            // (Refused before the resource, as every route of the columns API is: in the native problem form.)
            Api.assertProblem(as(reader).body("{\"name\":\"memos\"}")
                    .put("/api/apps/shop/datasources/ds/columns/notes"), 403, "DS302");
        }
        // A refusal comes before the lookup: it says nothing about whether the object exists.
        Api.assertProblem(as(viewer).delete("/api/apps/nothing-here/"), 403, "DS302");
        Api.assertProblem(as(guest).get("/api/apps/"), 403, "DS302");
        // TreeQL's document refuses in TreeQL's format (its records API does too).
        as(guest).get("/api/apps/shop/datasources/ds/openapi").then().statusCode(403)
                .body("code", org.hamcrest.Matchers.equalTo(1014))
                .body("message", org.hamcrest.Matchers.equalTo("Operation 'document' forbidden"));
        as(viewer).get("/api/apps/shop/datasources/ds/openapi").then().statusCode(200)
                .body("openapi", org.hamcrest.Matchers.equalTo("3.0.0"));
        // Records: the editor writes, the viewer reads, the guest does neither.
        String records = Api.recordsPath("shop", "ds", "notes");
        as(editor).body("{\"id\":1}").post(records).then().statusCode(201);
        as(viewer).get(records + "1").then().statusCode(200);
        Api.assertProblem(as(viewer).body("{\"id\":2}").post(records), 403, "DS302");
        as(guest).get(records).then().statusCode(200).body("count", org.hamcrest.Matchers.equalTo(0));
        Api.assertProblem(as(guest).get(records + "1"), 404, "DS104");
        as(admin).body("{\"name\":\"memos\"}").put("/api/apps/shop/datasources/ds/columns/notes").then()
                .statusCode(200).body(org.hamcrest.Matchers.equalTo("true"));
        as(viewer).get(Api.recordsPath("shop", "ds", "memos") + "1").then().statusCode(200);
    }
}
