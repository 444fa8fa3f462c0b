package io.datably.provider;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.testsupport.Api;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Atomic batches ({@code POST .../datasources/{ds}/batch/}) on each provider: every operation in order with its
 * twin's result, and the first failure (a unique key, a schema rule, a missing reference, a missing record) answered
 * with its index while nothing of the batch stays applied, read back table by table and compared with the rows
 * written by this test (PostgreSQL rolls back; MongoDB undoes the writes it made). Upserts onto soft-deleted records
 * restore them. The test profile sets datably.batch.max-operations=50.
 */
public abstract class BatchContractTests {
    private static final int MAX_OPERATIONS = 50;
    /** Each table's fields in schema order (jsonb renders a record's members in its own order). */
    private static final Map<String, List<String>> FIELDS = Map.of("authors", List.of("id", "name"),
            "posts", List.of("id", "author_id", "title"), "tags", List.of("id", "slug", "label"),
            "notes", List.of("id", "text"));

    private Api api;
    private String ds;
    private String batch;
    /** The rows each table should hold (live ones), as {@link #rows} renders them, computed by this test. */
    private Map<String, List<String>> expected;

    protected abstract String providerType();

    @BeforeEach
    void blog() {
        api = Api.newTenant();
        ds = api.createDataSource(providerType());
        batch = ds + "/batch/";
        api.createTable(ds, "authors", """
                {"fields": [{"name": "id", "type": "integer"},
                            {"name": "name", "type": "string", "constraints": {"required": true}}],
                 "primaryKey": ["id"]}""");
        api.createTable(ds, "posts", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "author_id", "type": "integer"},
                            {"name": "title", "type": "string", "constraints": {"required": true, "maxLength": 40}}],
                 "primaryKey": ["id"],
                 "foreignKeys": [{"fields": ["author_id"], "reference": {"resource": "authors", "fields": ["id"]}}]}""");
        api.createTable(ds, "tags", """
                {"fields": [{"name": "id", "type": "integer"},
                            {"name": "slug", "type": "string", "constraints": {"required": true, "unique": true}},
                            {"name": "label", "type": "string"}],
                 "primaryKey": ["id"]}""");
        api.createTable(ds, "notes", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "text", "type": "string"}],
                 "primaryKey": ["id"], "datably:softDelete": true}""");
        api.post(records("authors"), "[{\"id\":1,\"name\":\"ann\"},{\"id\":2,\"name\":\"bob\"}]").statusCode(201);
        api.post(records("posts"), "[{\"id\":1,\"author_id\":1,\"title\":\"first\"},{\"id\":2,\"author_id\":1,"
                + "\"title\":\"second\"},{\"id\":3,\"author_id\":2,\"title\":\"third\"}]").statusCode(201);
        api.post(records("tags"), "[{\"id\":1,\"slug\":\"news\",\"label\":\"News\"},{\"id\":2,\"slug\":\"math\","
                + "\"label\":\"Math\"}]").statusCode(201);
        api.post(records("notes"), "[{\"id\":1,\"text\":\"a\"},{\"id\":2,\"text\":\"b\"}]").statusCode(201);
        expected = new LinkedHashMap<>();
        expected.put("authors", new ArrayList<>(List.of("1|ann", "2|bob")));
        expected.put("posts", new ArrayList<>(List.of("1|1|first", "2|1|second", "3|2|third")));
        expected.put("tags", new ArrayList<>(List.of("1|news|News", "2|math|Math")));
        expected.put("notes", new ArrayList<>(List.of("1|a", "2|b")));
    }

    private String records(String table) {
        return ds + "/datatables/" + table + "/records/";
    }

    /** A table's live records as {@code id|field|...} in id order. */
    private List<String> rows(String table) {
        return rows(table, "");
    }

    private List<String> rows(String table, String query) {
        JsonNode results = Api.json(api.request().get(records(table) + "?ordering=id&page_size=1000" + query))
                .get("results");
        List<String> rows = new ArrayList<>();
        results.forEach(record -> {
            List<String> values = new ArrayList<>();
            FIELDS.get(table).forEach(field -> values.add(record.path(field).asText()));
            rows.add(String.join("|", values));
        });
        return rows;
    }

    private void assertStored() {
        expected.forEach((table, rows) -> assertEquals(rows, rows(table), table));
    }

    private Response send(String... operations) {
        return api.request().body("{\"operations\":[" + String.join(",", operations) + "]}").post(batch);
    }

    @Test
    void everyOperationRunsInOrderAndAnswersAsItsTwin() {
        Response response = send(
                "{\"op\":\"create\",\"table\":\"authors\",\"record\":{\"id\":3,\"name\":\"cy\"}}",
                // References the author created just before, in the same batch.
                "{\"op\":\"create\",\"table\":\"posts\",\"records\":[{\"id\":10,\"author_id\":3,\"title\":\"t10\"},"
                        + "{\"id\":11,\"author_id\":1,\"title\":\"t11\"}]}",
                "{\"op\":\"update\",\"table\":\"posts\",\"pk\":\"1\",\"record\":{\"title\":\"one\"}}",
                "{\"op\":\"replace\",\"table\":\"posts\",\"pk\":2,\"record\":{\"author_id\":2,\"title\":\"two\"}}",
                "{\"op\":\"upsert\",\"table\":\"tags\",\"records\":[{\"id\":3,\"slug\":\"art\",\"label\":\"Art\"},"
                        + "{\"id\":9,\"slug\":\"math\",\"label\":\"Maths\"}],\"on_conflict\":[\"slug\"]}",
                "{\"op\":\"delete\",\"table\":\"posts\",\"pk\":\"3\"}",
                "{\"op\":\"delete\",\"table\":\"notes\",\"pk\":\"1\"}",
                "{\"op\":\"update\",\"table\":\"posts\",\"pk\":\"10\",\"record\":{\"title\":\"ten\"}}");
        response.then().log().ifValidationFails().statusCode(200);
        JsonNode results = Api.json(response).get("results");
        assertEquals(8, results.size(), results.toString());
        int[] statuses = {201, 201, 200, 200, 201, 204, 204, 200};
        String[] ops = {"create", "create", "update", "replace", "upsert", "delete", "delete", "update"};
        for (int i = 0; i < statuses.length; i++) {
            assertEquals(i, results.get(i).get("index").asInt());
            assertEquals(ops[i], results.get(i).get("op").asText());
            assertEquals(statuses[i], results.get(i).get("status").asInt(), results.get(i).toString());
        }
        assertEquals("cy", results.get(0).get("record").get("name").asText());
        assertEquals(2, results.get(1).get("records").size());
        assertEquals("one", results.get(2).get("record").get("title").asText());
        assertEquals(1, results.get(4).get("created").asInt());
        assertEquals(1, results.get(4).get("updated").asInt());
        assertEquals("updated", results.get(4).get("results").get(1).get("action").asText());
        assertEquals(2, results.get(4).get("results").get(1).get("record").get("id").asInt(), "the key stays");
        assertEquals("ten", results.get(7).get("record").get("title").asText());

        expected.get("authors").add("3|cy");
        expected.put("posts", List.of("1|1|one", "2|2|two", "10|3|ten", "11|1|t11"));
        expected.put("tags", List.of("1|news|News", "2|math|Maths", "3|art|Art"));
        expected.put("notes", List.of("2|b"));
        assertStored();
        // The note is marked, not gone: a soft-delete table's delete in a batch is its delete by key.
        assertEquals(List.of("1|a"), rows("notes", "&deleted=only"));
    }

    @Test
    void aUniqueViolationInTheMiddleLeavesNothingApplied() {
        Response response = send(
                "{\"op\":\"create\",\"table\":\"authors\",\"record\":{\"id\":4,\"name\":\"dee\"}}",
                "{\"op\":\"update\",\"table\":\"posts\",\"pk\":\"1\",\"record\":{\"title\":\"changed\"}}",
                "{\"op\":\"create\",\"table\":\"tags\",\"record\":{\"id\":5,\"slug\":\"news\",\"label\":\"again\"}}",
                "{\"op\":\"delete\",\"table\":\"posts\",\"pk\":\"2\"}");
        Api.assertProblem(response, 409, "DS110").body("index", equalTo(2)).body("op", equalTo("create"))
                .body("errors.field", hasItem("operations[2].record.slug"))
                .body("detail", containsString("operations[2]"));
        assertStored();
    }

    @Test
    void aRecordTheSchemaRefusesInTheMiddleLeavesNothingApplied() {
        Response response = send(
                "{\"op\":\"delete\",\"table\":\"posts\",\"pk\":\"1\"}",
                "{\"op\":\"upsert\",\"table\":\"tags\",\"record\":{\"id\":1,\"slug\":\"news\",\"label\":\"Gone\"}}",
                "{\"op\":\"create\",\"table\":\"posts\",\"records\":[{\"id\":12,\"author_id\":1,\"title\":\"ok\"},"
                        + "{\"id\":13,\"author_id\":1}]}",
                "{\"op\":\"delete\",\"table\":\"authors\",\"pk\":\"2\"}");
        Api.assertProblem(response, 400, "DS103").body("index", equalTo(2))
                .body("errors.field", hasItem("operations[2].records[1].title"));
        assertStored();
    }

    @Test
    void aChildMayReferenceAParentCreatedEarlierInTheBatchButNotAMissingOne() {
        send("{\"op\":\"create\",\"table\":\"authors\",\"record\":{\"id\":7,\"name\":\"eve\"}}",
                "{\"op\":\"create\",\"table\":\"posts\",\"record\":{\"id\":70,\"author_id\":7,\"title\":\"hers\"}}")
                .then().log().ifValidationFails().statusCode(200);
        expected.get("authors").add("7|eve");
        expected.get("posts").add("70|7|hers");
        assertStored();

        Response refused = send(
                "{\"op\":\"create\",\"table\":\"authors\",\"record\":{\"id\":8,\"name\":\"fay\"}}",
                "{\"op\":\"create\",\"table\":\"posts\",\"record\":{\"id\":80,\"author_id\":99,\"title\":\"orphan\"}}");
        Api.assertProblem(refused, 409, "DS111").body("index", equalTo(1))
                .body("errors.field", hasItem("operations[1].record.author_id"));
        assertStored();
    }

    @Test
    void aFailingLastOperationUndoesEveryKindOfWriteBeforeIt() {
        Response response = send(
                "{\"op\":\"delete\",\"table\":\"posts\",\"pk\":\"1\"}",
                "{\"op\":\"update\",\"table\":\"posts\",\"pk\":\"2\",\"record\":{\"title\":\"changed\"}}",
                "{\"op\":\"replace\",\"table\":\"posts\",\"pk\":\"3\",\"record\":{\"author_id\":1,\"title\":\"new\"}}",
                "{\"op\":\"upsert\",\"table\":\"tags\",\"records\":[{\"id\":4,\"slug\":\"art\",\"label\":\"Art\"},"
                        + "{\"id\":1,\"slug\":\"news\",\"label\":\"Gone\"}]}",
                "{\"op\":\"create\",\"table\":\"authors\",\"record\":{\"id\":5,\"name\":\"gus\"}}",
                "{\"op\":\"delete\",\"table\":\"notes\",\"pk\":\"1\"}",
                "{\"op\":\"delete\",\"table\":\"notes\",\"pk\":\"2\",\"purge\":true}",
                "{\"op\":\"update\",\"table\":\"posts\",\"pk\":\"999\",\"record\":{\"title\":\"nobody\"}}");
        Api.assertProblem(response, 404, "DS104").body("index", equalTo(7)).body("op", equalTo("update"));
        assertStored();
        assertEquals(List.of(), rows("notes", "&deleted=only"), "no note stays marked");
    }

    @Test
    void anUpsertOntoASoftDeletedRecordRestoresItWithTheNewValues() {
        api.delete(records("notes") + "1/").statusCode(204);
        assertEquals(List.of("1|a"), rows("notes", "&deleted=only"));
        Response upserted = api.request().body("{\"id\":1,\"text\":\"again\"}").post(records("notes") + "?on_conflict=");
        upserted.then().log().ifValidationFails().statusCode(200);
        assertEquals("updated", Api.json(upserted).get("results").get(0).get("action").asText());
        // In a batch too: marked by its delete, restored by the upsert after it.
        send("{\"op\":\"delete\",\"table\":\"notes\",\"pk\":\"2\"}",
                "{\"op\":\"upsert\",\"table\":\"notes\",\"record\":{\"id\":2,\"text\":\"back\"}}")
                .then().log().ifValidationFails().statusCode(200);
        expected.put("notes", List.of("1|again", "2|back"));
        assertStored();
        assertEquals(List.of(), rows("notes", "&deleted=only"));
        api.get(records("notes") + "1/").statusCode(200).body("text", equalTo("again"));
    }

    @Test
    void aBodyThatIsNoBatchIsRefusedNamingTheCulprit() {
        Api.assertProblem(send(), 400, "DS102").body("errors.field", hasItem("operations"));
        Api.assertProblem(api.request().body("[]").post(batch), 400, "DS102")
                .body("errors.field", hasItem("operations"));
        Api.assertProblem(api.request().body("{\"operations\":{}}").post(batch), 400, "DS102")
                .body("errors.field", hasItem("operations"));
        String[] many = new String[MAX_OPERATIONS + 1];
        java.util.Arrays.fill(many, "{\"op\":\"delete\",\"table\":\"posts\",\"pk\":\"1\"}");
        Api.assertProblem(send(many), 400, "DS102").body("errors.field", hasItem("operations"))
                .body("detail", containsString("datably.batch.max-operations"));
        Api.assertProblem(send("{\"op\":\"delete\",\"table\":\"posts\",\"pk\":\"1\"}",
                        "{\"op\":\"merge\",\"table\":\"posts\"}"), 400, "DS102")
                .body("index", equalTo(1)).body("errors.field", hasItem("operations[1].op"));
        Api.assertProblem(send("{\"op\":\"update\",\"table\":\"posts\",\"pk\":\"1\",\"record\":{},\"bogus\":1}"),
                400, "DS102").body("errors.field", hasItem("operations[0].bogus"));
        Api.assertProblem(send("{\"op\":\"update\",\"table\":\"posts\",\"record\":[]}"), 400, "DS102")
                .body("errors.field", hasItem("operations[0].pk"))
                .body("errors.field", hasItem("operations[0].record"));
        Api.assertProblem(send("{\"op\":\"create\",\"table\":\"posts\"}"), 400, "DS102")
                .body("errors.field", hasItem("operations[0].record"));
        Api.assertProblem(send("{\"op\":\"delete\",\"pk\":\"1\"}"), 400, "DS102")
                .body("errors.field", hasItem("operations[0].table"));
        // A key the table's key cannot be, and an unknown field of a record: named within the operation.
        Api.assertProblem(send("{\"op\":\"delete\",\"table\":\"posts\",\"pk\":\"abc\"}"), 400, "DS101")
                .body("index", equalTo(0)).body("errors.field", hasItem("operations[0].pk"));
        Api.assertProblem(send("{\"op\":\"update\",\"table\":\"posts\",\"pk\":\"1\",\"record\":{\"nope\":1}}"),
                400, "DS103").body("errors.field", hasItem("operations[0].record.nope"));
        assertStored();
    }

    @Test
    void aTableOutsideTheDatasourceIsNotFoundByItsOperation() {
        String app = ds.split("/")[3];
        Api.createDataSource(api.tenantId(), app, "other", providerType());
        Api.createTable(api.tenantId(), app, "other", "elsewhere", """
                {"fields": [{"name": "id", "type": "integer"}], "primaryKey": ["id"]}""");
        Api.assertProblem(send("{\"op\":\"create\",\"table\":\"authors\",\"record\":{\"id\":6,\"name\":\"hal\"}}",
                        "{\"op\":\"create\",\"table\":\"elsewhere\",\"record\":{\"id\":1}}"), 404, "DS104")
                .body("index", equalTo(1)).body("errors.field", hasItem("operations[1].table"));
        Api.assertProblem(api.request().body("{\"operations\":[{\"op\":\"delete\",\"table\":\"posts\",\"pk\":\"1\"}]}")
                .post("/api/apps/" + app + "/datasources/missing/batch/"), 404, "DS104");
        assertStored();
    }
}
