package io.datably.authz;

import static io.datably.security.EnforcedMode.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.security.EnforcedMode;
import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The owner example (policies/examples/blog.yaml) with the real PDP on all three providers: editors read every post
 * and write only their own, through the native API and TreeQL; nobody hands a post to someone else.
 */
@QuarkusTest
@TestProfile(EnforcedMode.class)
class OwnerOnlyEditingTest {
    private static final String TENANT = "example";
    private static final String APP = "blog";
    private static final String ADMIN = EnforcedMode.token("root", TENANT, "admin");
    private static final String ALICE = EnforcedMode.token("alice", TENANT, "editor");
    private static final String BOB = EnforcedMode.token("bob", TENANT, "editor");
    private static boolean created;

    @BeforeEach
    void createOnce() {
        if (created) {
            return;
        }
        EnforcedMode.sharedAppWithEveryProvider(ADMIN, APP);
        for (String ds : EnforcedMode.PROVIDERS.keySet()) {
            as(ADMIN).body("{\"name\":\"posts\",\"json_schema\":{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},"
                    + "{\"name\":\"title\",\"type\":\"string\"},{\"name\":\"owner_id\",\"type\":\"string\"}],"
                    + "\"primaryKey\":[\"id\"]}}").post(Api.dsPath(APP, ds) + "datatables/").then().statusCode(201);
            as(ADMIN).body("[{\"id\":1,\"title\":\"a1\",\"owner_id\":\"alice\"},{\"id\":2,\"title\":\"b1\","
                    + "\"owner_id\":\"bob\"},{\"id\":3,\"title\":\"a2\",\"owner_id\":\"alice\"}]")
                    .post(Api.recordsPath(APP, ds, "posts")).then().statusCode(201);
        }
        created = true;
    }

    private static Set<Integer> ids(JsonNode records) {
        Set<Integer> ids = new TreeSet<>();
        records.forEach(r -> ids.add(r.get("id").asInt()));
        return ids;
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat", "jsonb", "mongo"})
    void editorsReadEveryPostAndWriteTheirOwn(String ds) {
        String posts = Api.recordsPath(APP, ds, "posts");
        assertEquals(Set.of(1, 2, 3), ids(Api.json(as(BOB).get(posts)).get("results")));
        as(BOB).get(posts + "1").then().statusCode(200);
        // Bob edits his post, not Alice's, and cannot give his to Alice or write one in her name.
        as(BOB).body("{\"title\":\"b1 again\"}").patch(posts + "2").then().statusCode(200);
        Api.assertProblem(as(BOB).body("{\"title\":\"mine now\"}").patch(posts + "1"), 403, "DS302");
        Api.assertProblem(as(BOB).body("{\"title\":\"x\",\"owner_id\":\"bob\"}").put(posts + "1"), 403, "DS302");
        Api.assertProblem(as(BOB).body("{\"owner_id\":\"alice\"}").patch(posts + "2"), 403, "DS302");
        Api.assertProblem(as(BOB).delete(posts + "3"), 403, "DS302");
        Api.assertProblem(as(BOB).body("{\"id\":10,\"title\":\"forged\",\"owner_id\":\"alice\"}").post(posts), 403,
                "DS302");
        // A batch is all or nothing: one foreign post refuses it, naming it.
        Api.assertProblem(as(BOB).body("[{\"id\":11,\"title\":\"ok\",\"owner_id\":\"bob\"},{\"id\":12,\"title\":\"no\","
                + "\"owner_id\":\"alice\"}]").post(posts), 403, "DS302")
                .body("detail", org.hamcrest.Matchers.containsString("record [1]"));
        // TreeQL writes take the same road.
        String treeql = Api.dsPath(APP, ds) + "records/posts/";
        as(BOB).body("{\"title\":\"via treeql\"}").put(treeql + "1").then().statusCode(403)
                .body("code", org.hamcrest.Matchers.equalTo(1014));
        as(ALICE).body("{\"title\":\"a1 by alice\"}").put(treeql + "1").then().statusCode(200);
        // What is stored is what the allowed writes left.
        JsonNode stored = Api.json(as(ADMIN).get(posts + "?ordering=id"));
        assertEquals("a1 by alice", stored.get("results").get(0).get("title").asText());
        assertEquals("b1 again", stored.get("results").get(1).get("title").asText());
        assertEquals("bob", stored.get("results").get(1).get("owner_id").asText());
        assertEquals(Set.of(1, 2, 3), ids(stored.get("results")));
    }

    /** An import creates records: the same policy decides, for each row (issue 14, import and export). */
    @ParameterizedTest
    @ValueSource(strings = {"flat", "jsonb", "mongo"})
    void editorsImportOnlyTheirOwnPosts(String ds) {
        as(ADMIN).body("{\"name\":\"imported\",\"json_schema\":{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},"
                + "{\"name\":\"title\",\"type\":\"string\"},{\"name\":\"owner_id\",\"type\":\"string\"}],"
                + "\"primaryKey\":[\"id\"]}}").post(Api.dsPath(APP, ds) + "datatables/").then().statusCode(201);
        String imports = Api.tablePath(APP, ds, "imported") + "imports/";
        String records = Api.recordsPath(APP, ds, "imported");
        byte[] forged = "id,title,owner_id\n1,mine,bob\n2,forged,alice\n".getBytes();
        Api.assertProblem(as(BOB).contentType("text/csv").body(forged).post(imports), 403, "DS302");
        Api.assertProblem(as(BOB).contentType("text/csv").body(forged).post(imports + "?mode=skip_invalid"), 403,
                "DS302");
        assertEquals(0, Api.json(as(ADMIN).get(records)).get("count").asInt());
        as(BOB).contentType("text/csv").body("id,title,owner_id\n3,own,bob\n".getBytes()).post(imports).then()
                .statusCode(200).body("rows_written", org.hamcrest.Matchers.equalTo(1));
        assertEquals(Set.of(3), ids(Api.json(as(ADMIN).get(records)).get("results")));
        // A job runs after its request ended, still as Bob: his forged row stops it (403 as its error, nothing
        // kept); his own rows are written.
        JsonNode forgedJob = awaitJob(as(BOB).contentType("text/csv").body(forged).post(imports + "?async=true"),
                BOB);
        assertEquals("failed", forgedJob.get("status").asText(), forgedJob.toString());
        assertEquals("DS302", forgedJob.get("error").get("code").asText(), forgedJob.toString());
        JsonNode ownJob = awaitJob(as(BOB).contentType("text/csv").body("id,title,owner_id\n4,own,bob\n".getBytes())
                .post(imports + "?async=true"), BOB);
        assertEquals("succeeded", ownJob.get("status").asText(), ownJob.toString());
        assertEquals(Set.of(3, 4), ids(Api.json(as(ADMIN).get(records)).get("results")));
        // Alice (also allowed to create posts) may follow it; the job is of this table only.
        as(ALICE).get(imports + ownJob.get("id").asText() + "/").then().statusCode(200);
    }

    /** Follows a job started by {@code started} until it ends, as {@code token}. */
    private static JsonNode awaitJob(io.restassured.response.Response started, String token) {
        assertEquals(202, started.statusCode(), started.asString());
        String job = java.net.URI.create(started.header("Location")).getPath();
        long until = System.currentTimeMillis() + 30_000;
        while (true) {
            JsonNode view = Api.json(as(token).get(job));
            if (!Set.of("queued", "running").contains(view.get("status").asText())) {
                return view;
            }
            assertTrue(System.currentTimeMillis() < until, view.toString());
        }
    }
}
