package io.datably.authz;

import static io.datably.security.EnforcedMode.as;
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
 * Bulk changes by filter and upserts under the owner example (policies/examples/blog.yaml) with the real PDP, on all
 * three providers: a bulk change touches only the caller's own posts, cannot hand them to someone else, and an upsert
 * passes the update check of the stored post or the create check of a new one.
 */
@QuarkusTest
@TestProfile(EnforcedMode.class)
class OwnerOnlyBulkChangesTest {
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
            as(ADMIN).body("{\"name\":\"bulk_posts\",\"json_schema\":{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},"
                    + "{\"name\":\"title\",\"type\":\"string\"},{\"name\":\"owner_id\",\"type\":\"string\"}],"
                    + "\"primaryKey\":[\"id\"]}}").post(Api.dsPath(APP, ds) + "datatables/").then().statusCode(201);
            as(ADMIN).body("[{\"id\":1,\"title\":\"a1\",\"owner_id\":\"alice\"},{\"id\":2,\"title\":\"b1\","
                    + "\"owner_id\":\"bob\"},{\"id\":3,\"title\":\"a2\",\"owner_id\":\"alice\"},{\"id\":4,\"title\":\"b2\","
                    + "\"owner_id\":\"bob\"}]").post(Api.recordsPath(APP, ds, "bulk_posts")).then().statusCode(201);
        }
        created = true;
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat", "jsonb", "mongo"})
    void bulkChangesStayWithinTheCallersOwnPosts(String ds) {
        String posts = Api.recordsPath(APP, ds, "bulk_posts");
        // Every post matches the filter; Bob's policy lets him change his two only.
        JsonNode answer = Api.json(as(BOB).body("{\"title\":\"bulk\"}").patch(posts + "?id__gte=1"));
        assertEquals(2, answer.get("matched").asLong(), answer.toString());
        assertEquals(2, answer.get("changed").asLong());
        // Handing his posts to Alice would move them out of his reach: refused, nothing changed.
        Api.assertProblem(as(BOB).body("{\"owner_id\":\"alice\"}").patch(posts + "?id__gte=1"), 403, "DS302");
        // An upsert updating Alice's post fails its update check; creating one in her name, the create check.
        Api.assertProblem(as(BOB).body("{\"id\":1,\"title\":\"mine\",\"owner_id\":\"bob\"}")
                .post(posts + "?on_conflict="), 403, "DS302");
        Api.assertProblem(as(BOB).body("{\"id\":9,\"title\":\"forged\",\"owner_id\":\"alice\"}")
                .post(posts + "?on_conflict="), 403, "DS302");
        as(BOB).body("[{\"id\":4,\"title\":\"b2 again\",\"owner_id\":\"bob\"},{\"id\":5,\"title\":\"b3\","
                + "\"owner_id\":\"bob\"}]").post(posts + "?on_conflict=").then().statusCode(201);
        // A bulk delete removes his posts only.
        JsonNode deleted = Api.json(as(BOB).delete(posts + "?title__startswith=b"));
        assertEquals(3, deleted.get("changed").asLong(), deleted.toString());
        JsonNode stored = Api.json(as(ADMIN).get(posts + "?ordering=id")).get("results");
        List<String> rows = new ArrayList<>();
        stored.forEach(r -> rows.add(r.get("id").asInt() + ":" + r.get("title").asText() + ":"
                + r.get("owner_id").asText()));
        assertEquals(List.of("1:a1:alice", "3:a2:alice"), rows);
    }
}
