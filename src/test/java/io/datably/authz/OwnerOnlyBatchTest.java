package io.datably.authz;

import static io.datably.security.EnforcedMode.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.security.EnforcedMode;
import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Atomic batches under the owner example (policies/examples/blog.yaml) with the real PDP, on all three providers:
 * each operation is authorized as its single-record twin, so a batch of Bob's that reaches Alice's post in its third
 * operation is refused with that operation's index, and his own changes before it are not applied either.
 */
@QuarkusTest
@TestProfile(EnforcedMode.class)
class OwnerOnlyBatchTest {
    private static final String APP = "blog";
    private static final String ADMIN = EnforcedMode.token("root", "example", "admin");
    private static final String BOB = EnforcedMode.token("bob", "example", "editor");
    private static boolean created;

    @BeforeEach
    void createOnce() {
        if (created) {
            return;
        }
        EnforcedMode.sharedAppWithEveryProvider(ADMIN, APP);
        for (String ds : EnforcedMode.PROVIDERS.keySet()) {
            as(ADMIN).body("{\"name\":\"batch_posts\",\"json_schema\":{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},"
                    + "{\"name\":\"title\",\"type\":\"string\"},{\"name\":\"owner_id\",\"type\":\"string\"}],"
                    + "\"primaryKey\":[\"id\"]}}").post(Api.dsPath(APP, ds) + "datatables/").then().statusCode(201);
            as(ADMIN).body("[{\"id\":1,\"title\":\"a1\",\"owner_id\":\"alice\"},{\"id\":2,\"title\":\"b1\","
                    + "\"owner_id\":\"bob\"}]").post(Api.recordsPath(APP, ds, "batch_posts")).then().statusCode(201);
            as(ADMIN).body("{\"name\":\"batch_notes\",\"json_schema\":{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},"
                    + "{\"name\":\"owner_id\",\"type\":\"string\"}],\"primaryKey\":[\"id\"],\"datably:softDelete\":true}}")
                    .post(Api.dsPath(APP, ds) + "datatables/").then().statusCode(201);
            String notes = Api.recordsPath(APP, ds, "batch_notes");
            as(ADMIN).body("{\"id\":1,\"owner_id\":\"alice\"}").post(notes).then().statusCode(201);
            as(ADMIN).delete(notes + "1/").then().statusCode(204);
        }
        created = true;
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat", "jsonb", "mongo"})
    void eachOperationIsAuthorizedAsItsTwinAndARefusalAppliesNothing(String ds) {
        String batch = Api.dsPath(APP, ds) + "batch/";
        String posts = Api.recordsPath(APP, ds, "batch_posts");
        Api.assertProblem(as(BOB).body("{\"operations\":["
                + "{\"op\":\"create\",\"table\":\"batch_posts\",\"record\":{\"id\":10,\"title\":\"b2\",\"owner_id\":\"bob\"}},"
                + "{\"op\":\"update\",\"table\":\"batch_posts\",\"pk\":\"2\",\"record\":{\"title\":\"b1 again\"}},"
                + "{\"op\":\"update\",\"table\":\"batch_posts\",\"pk\":\"1\",\"record\":{\"title\":\"mine now\"}},"
                + "{\"op\":\"delete\",\"table\":\"batch_posts\",\"pk\":\"2\"}]}").post(batch), 403, "DS302")
                .body("index", equalTo(2)).body("op", equalTo("update"));
        assertEquals(List.of("1:a1:alice", "2:b1:bob"), stored(posts));
        // A create in Alice's name fails its create check just the same.
        Api.assertProblem(as(BOB).body("{\"operations\":[{\"op\":\"delete\",\"table\":\"batch_posts\",\"pk\":\"2\"},"
                + "{\"op\":\"create\",\"table\":\"batch_posts\",\"record\":{\"id\":11,\"title\":\"forged\","
                + "\"owner_id\":\"alice\"}}]}").post(batch), 403, "DS302").body("index", equalTo(1));
        assertEquals(List.of("1:a1:alice", "2:b1:bob"), stored(posts));
        // Within his own posts the batch goes through.
        as(BOB).body("{\"operations\":["
                + "{\"op\":\"create\",\"table\":\"batch_posts\",\"record\":{\"id\":12,\"title\":\"b3\",\"owner_id\":\"bob\"}},"
                + "{\"op\":\"update\",\"table\":\"batch_posts\",\"pk\":\"12\",\"record\":{\"title\":\"b3!\"}}]}")
                .post(batch).then().statusCode(200);
        assertEquals(List.of("1:a1:alice", "2:b1:bob", "12:b3!:bob"), stored(posts));
        as(ADMIN).delete(posts + "12/").then().statusCode(204);
    }

    /**
     * An upsert onto a soft-deleted record restores it, so it is checked as an update of the record as stored: Bob
     * cannot take over Alice's deleted note by upserting it in his own name (a create check would have let him).
     */
    @ParameterizedTest
    @ValueSource(strings = {"flat", "jsonb", "mongo"})
    void anUpsertOntoADeletedRecordIsAnUpdateOfIt(String ds) {
        String notes = Api.recordsPath(APP, ds, "batch_notes");
        Api.assertProblem(as(BOB).body("{\"id\":1,\"owner_id\":\"bob\"}").post(notes + "?on_conflict="), 403, "DS302");
        Api.assertProblem(as(BOB).body("{\"operations\":[{\"op\":\"upsert\",\"table\":\"batch_notes\","
                + "\"record\":{\"id\":1,\"owner_id\":\"bob\"}}]}").post(Api.dsPath(APP, ds) + "batch/"), 403, "DS302")
                .body("index", equalTo(0));
        JsonNode deleted = Api.json(as(ADMIN).get(notes + "?deleted=only")).get("results");
        assertEquals(1, deleted.size(), deleted.toString());
        assertEquals("alice", deleted.get(0).get("owner_id").asText());
    }

    private static List<String> stored(String posts) {
        JsonNode stored = Api.json(as(ADMIN).get(posts + "?ordering=id")).get("results");
        List<String> rows = new ArrayList<>();
        stored.forEach(r -> rows.add(r.get("id").asInt() + ":" + r.get("title").asText() + ":"
                + r.get("owner_id").asText()));
        return rows;
    }
}
