package io.datably.authz;

import static io.datably.security.EnforcedMode.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datably.security.EnforcedMode;
import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Soft delete under the default policies (policies/record.yaml) with the real Cerbos PDP, on all three providers:
 * seeing deleted records ({@code ?deleted=include|only}) takes {@code read_deleted}, which admins and editors have
 * and viewers have not; a restore is an update, a purge a delete.
 */
@QuarkusTest
@TestProfile(EnforcedMode.class)
class SoftDeleteAuthorizationTest {
    private static final String TENANT = Api.newTenantId("soft");
    private static final String APP = "notes";
    private static final String ADMIN = EnforcedMode.token("root", TENANT, "admin");
    private static final String EDITOR = EnforcedMode.token("ed", TENANT, "editor");
    private static final String VIEWER = EnforcedMode.token("vi", TENANT, "viewer");
    private static boolean created;

    @Inject
    Pool pool;

    private static String records(String ds) {
        return Api.recordsPath(APP, ds, "notes");
    }

    @BeforeEach
    void createOnce() {
        if (created) {
            return;
        }
        EnforcedMode.appWithEveryProvider(ADMIN, APP);
        for (String ds : EnforcedMode.PROVIDERS.keySet()) {
            as(ADMIN).body("{\"name\":\"notes\",\"json_schema\":{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"}],"
                    + "\"primaryKey\":[\"id\"],\"datably:softDelete\":true}}")
                    .post(Api.dsPath(APP, ds) + "datatables/").then().statusCode(201);
            as(ADMIN).body("[{\"id\":1},{\"id\":2},{\"id\":3},{\"id\":4}]").post(records(ds)).then().statusCode(201);
        }
        created = true;
    }

    private static List<Integer> ids(String token, String path) {
        Response response = as(token).get(path);
        assertEquals(200, response.statusCode(), response.asString());
        List<Integer> ids = new ArrayList<>();
        Api.json(response).get("results").forEach(r -> ids.add(r.get("id").asInt()));
        return ids;
    }

    /** The stored marker of the PostgreSQL record {@code where} selects: by whom, and a moment ago. */
    private void assertMarkedBy(String subject, String ds, String where) {
        String physical = Api.json(as(ADMIN).get(Api.tablePath(APP, ds, "notes"))).path("physical_table_name")
                .asText();
        Row row = pool.query("SELECT \"_deleted_by\", \"_deleted_at\" FROM \"t_" + TENANT + "\".\"" + physical
                + "\" WHERE " + where).execute().await().indefinitely().iterator().next();
        assertEquals(subject, row.getString(0));
        OffsetDateTime at = row.getOffsetDateTime(1);
        assertTrue(at.isAfter(OffsetDateTime.now().minusMinutes(5)) && at.isBefore(OffsetDateTime.now()
                .plusMinutes(1)), "deleted at " + at);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat", "jsonb", "mongo"})
    void seeingDeletedRecordsTakesReadDeleted(String ds) {
        String records = records(ds);
        Api.assertProblem(as(VIEWER).delete(records + "1/"), 403, "DS302");
        as(EDITOR).delete(records + "1/").then().statusCode(204);
        assertEquals(List.of(2, 3, 4), ids(VIEWER, records + "?ordering=id"));
        if (!ds.equals("mongo")) {
            assertMarkedBy("ed", ds, ds.equals("flat") ? "\"id\" = 1" : "key = '1'");
        }
        Api.assertProblem(as(VIEWER).get(records + "?deleted=include"), 403, "DS302");
        Api.assertProblem(as(VIEWER).get(records + "?deleted=only"), 403, "DS302");
        Api.assertProblem(as(VIEWER).get(records + "1/?deleted=only"), 403, "DS302");
        Api.assertProblem(as(VIEWER).get(records + "1/"), 404, "DS104");
        assertEquals(List.of(1), ids(EDITOR, records + "?deleted=only"));
        assertEquals(List.of(1, 2, 3, 4), ids(ADMIN, records + "?deleted=include&ordering=id"));
        // A restore is an update, a purge a delete: not a viewer's.
        Api.assertProblem(as(VIEWER).post(records + "1/restore/"), 403, "DS302");
        Api.assertProblem(as(VIEWER).delete(records + "1/?purge=true"), 403, "DS302");
        as(EDITOR).post(records + "1/restore/").then().statusCode(200);
        assertEquals(List.of(1, 2, 3, 4), ids(VIEWER, records + "?ordering=id"));
        as(EDITOR).delete(records + "4/").then().statusCode(204);
        as(ADMIN).delete(records + "4/?purge=true").then().statusCode(204);
        assertEquals(List.of(1, 2, 3), ids(ADMIN, records + "?deleted=include&ordering=id"));
    }
}
