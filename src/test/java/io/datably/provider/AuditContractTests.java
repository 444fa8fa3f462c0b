package io.datably.provider;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.service.audit.AuditRetention;
import io.datably.testsupport.Api;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit trail of record changes on each provider: every kind of write leaves one entry per changed record with
 * who, when, which request, and the record before and after; a refused write leaves none; a table may opt out; the
 * trail and a record's history are read with filters and pages. Expected entries are written down here from the
 * requests made, not read back from the service.
 */
public abstract class AuditContractTests {
    @Inject
    AuditRetention retention;

    private Api api;
    private String ds;
    private String posts;
    private String audit;

    protected abstract String providerType();

    @BeforeEach
    void blog() {
        api = Api.newTenant();
        ds = api.createDataSource(providerType());
        posts = api.createTable(ds, "posts", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "title", "type": "string",
                             "constraints": {"unique": true}},
                            {"name": "views", "type": "integer", "constraints": {"minimum": 0}}],
                 "primaryKey": ["id"], "datably:softDelete": true}""");
        audit = ds + "/datatables/posts/audit/";
    }

    /** The table's entries, oldest first, as {@code action id} strings. */
    private List<String> trail(String query) {
        JsonNode body = Api.json(api.get(audit + "?ordering=at&page_size=100" + query).statusCode(200)
                .extract().asString());
        List<String> out = new ArrayList<>();
        body.get("results").forEach(e -> out.add(e.get("action").asText() + " " + e.get("record_key").get("id")));
        assertEquals(out.size(), body.get("count").asInt(), "count = entries on one page");
        return out;
    }

    private JsonNode entries(String path) {
        return Api.json(api.get(path).statusCode(200).extract().asString()).get("results");
    }

    @Test
    void everyKindOfChangeLeavesOneEntryPerRecordWithBothStates() {
        api.post(posts, "[{\"id\": 1, \"title\": \"one\", \"views\": 1}, {\"id\": 2, \"title\": \"two\", "
                + "\"views\": 2}]").statusCode(201);
        api.patch(posts + "1/", "{\"title\": \"uno\"}").statusCode(200);
        api.put(posts + "2/", "{\"title\": \"dos\", \"views\": 20}").statusCode(200);
        api.delete(posts + "2/").statusCode(204);
        api.post(posts + "2/restore/", "").statusCode(200);
        api.delete(posts + "2/?purge=true").statusCode(204);
        assertEquals(List.of("create 1", "create 2", "update 1", "update 2", "soft_delete 2", "restore 2",
                "delete 2"), trail(""));

        // A partial update keeps the fields it set; a replace sets them all.
        JsonNode update = entries(audit + "?action=update&ordering=at").get(0);
        assertEquals(Api.json("{\"title\": \"one\"}"), update.get("before"));
        assertEquals(Api.json("{\"title\": \"uno\"}"), update.get("after"));
        assertEquals(Api.json("[\"title\"]"), update.get("changed"));
        JsonNode replace = entries(audit + "?action=update&ordering=at").get(1);
        assertEquals(Api.json("{\"id\": 2, \"title\": \"two\", \"views\": 2}"), replace.get("before"));
        assertEquals(Api.json("{\"id\": 2, \"title\": \"dos\", \"views\": 20}"), replace.get("after"));
        assertEquals(Api.json("[\"title\", \"views\"]"), replace.get("changed"));
        assertEquals("local", update.get("actor").asText());
        assertEquals(api.tenantId(), update.get("tenant").asText());
        assertEquals("posts", update.get("table").asText());
        JsonNode purge = entries(audit + "?action=delete").get(0);
        assertEquals(Api.json("{\"id\": 2, \"title\": \"dos\", \"views\": 20}"), purge.get("before"));
        assertTrue(purge.get("after").isNull());
        JsonNode created = entries(audit + "?action=create&ordering=at").get(0);
        assertTrue(created.get("before").isNull());
        assertEquals(Api.json("{\"id\": 1, \"title\": \"one\", \"views\": 1}"), created.get("after"));
    }

    @Test
    void aRecordsHistoryOutlivesTheRecordNewestFirst() {
        api.post(posts, "{\"id\": 7, \"title\": \"a\", \"views\": 0}").statusCode(201);
        api.post(posts, "{\"id\": 8, \"title\": \"b\", \"views\": 0}").statusCode(201);
        api.patch(posts + "7/", "{\"views\": 5}").statusCode(200);
        api.delete(posts + "7/?purge=true").statusCode(204);
        JsonNode history = entries(posts + "7/history/");
        List<String> actions = new ArrayList<>();
        history.forEach(e -> actions.add(e.get("action").asText()));
        assertEquals(List.of("delete", "update", "create"), actions);
        history.forEach(e -> assertEquals(7, e.get("record_key").get("id").asInt()));
        assertTrue(history.get(0).get("id").asLong() > history.get(2).get("id").asLong(), "ids grow with time");
        api.get(posts + "8/history/?action=update").statusCode(200).body("count", equalTo(0));
    }

    @Test
    void aBulkChangeLeavesAnEntryPerChangedRecordUnderTheRequestsId() {
        api.post(posts, "[{\"id\": 1, \"title\": \"a\", \"views\": 1}, {\"id\": 2, \"title\": \"b\", \"views\": 2},"
                + " {\"id\": 3, \"title\": \"c\", \"views\": 3}]").statusCode(201);
        api.request().header("X-Request-Id", "bulk-42").body("{\"views\": 3}").patch(posts + "?views__gte=2").then()
                .statusCode(200).header("X-Request-Id", "bulk-42").body("changed", equalTo(1));
        JsonNode updates = entries(audit + "?action=update");
        assertEquals(1, updates.size(), "record 3 already had views 3: only record 2 changed");
        assertEquals("bulk-42", updates.get(0).get("request_id").asText());
        assertEquals(2, updates.get(0).get("record_key").get("id").asInt());
        assertEquals(Api.json("[\"views\"]"), updates.get(0).get("changed"));
        api.request().header("X-Request-Id", "bulk-43").delete(posts + "?views__gte=3").then().statusCode(200);
        List<String> marked = trail("&action=soft_delete");
        assertEquals(List.of("soft_delete 2", "soft_delete 3"), marked.stream().sorted().toList());
    }

    @Test
    void upsertsAreCreatesOrUpdates() {
        api.post(posts, "{\"id\": 1, \"title\": \"a\", \"views\": 1}").statusCode(201);
        api.post(posts + "?on_conflict=id", "[{\"id\": 1, \"title\": \"a2\", \"views\": 1}, {\"id\": 2, "
                + "\"title\": \"b\", \"views\": 2}]").statusCode(201).body("created", equalTo(1))
                .body("updated", equalTo(1));
        assertEquals(List.of("create 1", "create 2", "update 1"), trail("").stream().sorted().toList());
    }

    @Test
    void aBatchIsAuditedOnlyWhenItIsApplied() {
        api.post(posts, "{\"id\": 1, \"title\": \"a\", \"views\": 1}").statusCode(201);
        String failing = "{\"operations\": [{\"op\": \"create\", \"table\": \"posts\", \"record\": {\"id\": 2, "
                + "\"title\": \"b\", \"views\": 2}}, {\"op\": \"update\", \"table\": \"posts\", \"pk\": \"1\", "
                + "\"record\": {\"views\": 5}}, {\"op\": \"create\", \"table\": \"posts\", \"record\": {\"id\": 3, "
                + "\"title\": \"a\", \"views\": 3}}]}";
        api.post(ds + "/batch/", failing).statusCode(409).body("index", equalTo(2));
        assertEquals(List.of("create 1"), trail(""), "an undone batch leaves no entry");
        api.request().header("X-Request-Id", "batch-7").body(failing.replace("\"title\": \"a\", \"views\": 3",
                "\"title\": \"c\", \"views\": 3")).post(ds + "/batch/").then().statusCode(200);
        assertEquals(List.of("create 1", "create 2", "update 1", "create 3"), trail(""));
        List<String> ofTheBatch = new ArrayList<>();
        entries(audit + "?ordering=at").forEach(e -> {
            if (e.get("request_id").asText().equals("batch-7")) {
                ofTheBatch.add(e.get("action").asText() + " " + e.get("record_key").get("id"));
            }
        });
        assertEquals(List.of("create 2", "update 1", "create 3"), ofTheBatch);
    }

    @Test
    void anImportLeavesOneSummaryWhenItWritesRecords() {
        String imports = ds + "/datatables/posts/imports/";
        api.request().contentType("text/csv").body("id,title,views\n1,a,1\n2,b,-5\n").post(imports).then()
                .statusCode(200).body("status", equalTo("failed")).body("rows_written", equalTo(0));
        assertEquals(List.of(), trail(""), "an import that wrote nothing leaves no entry");
        api.request().contentType("text/csv").body("id,title,views\n1,a,1\n2,b,2\n").post(imports).then()
                .statusCode(200).body("rows_written", equalTo(2));
        JsonNode summary = entries(audit).get(0);
        assertEquals("import", summary.get("action").asText());
        assertTrue(summary.get("record_key").isNull());
        assertEquals(2, summary.get("details").get("rows_written").asInt());
        assertEquals("all_or_nothing", summary.get("details").get("mode").asText());
        assertEquals(1, Api.json(api.get(audit).extract().asString()).get("count").asInt());
        // skip_invalid writes batch by batch, and row by row after the store refuses a batch (a taken key): still one
        // summary entry, no entry per record.
        api.request().contentType("text/csv").body("id,title,views\n3,c,3\n4,d,-1\n1,dup,1\n5,e,5\n")
                .post(imports + "?mode=skip_invalid").then().statusCode(200).body("rows_written", equalTo(2))
                .body("rows_rejected", equalTo(2));
        JsonNode skipping = entries(audit).get(0);
        assertEquals("import", skipping.get("action").asText());
        assertEquals("skip_invalid", skipping.get("details").get("mode").asText());
        assertEquals(2, skipping.get("details").get("rows_written").asInt());
        assertEquals(2, Api.json(api.get(audit).extract().asString()).get("count").asInt());
    }

    @Test
    void aRefusedWriteLeavesNoEntry() {
        api.post(posts, "{\"id\": 1, \"title\": \"a\", \"views\": 1}").statusCode(201);
        // The store refuses the second record (a duplicate key): the first of the batch is not kept, nor audited.
        api.post(posts, "[{\"id\": 2, \"title\": \"b\", \"views\": 2}, {\"id\": 1, \"title\": \"c\", \"views\": 3}]")
                .statusCode(409);
        // A bulk change giving two records one unique value fails as a whole.
        api.post(posts, "{\"id\": 3, \"title\": \"d\", \"views\": 4}").statusCode(201);
        api.patch(posts + "?views__gte=0", "{\"title\": \"same\"}").statusCode(409);
        api.patch(posts + "1/", "{\"views\": -1}").statusCode(400);
        assertEquals(List.of("create 1", "create 3"), trail(""));
    }

    @Test
    void retentionDeletesOnlyOlderEntriesOfTheTenantAsked() {
        api.post(posts, "[{\"id\": 1, \"title\": \"a\", \"views\": 1}, {\"id\": 2, \"title\": \"b\", "
                + "\"views\": 2}]").statusCode(201);
        Instant now = Instant.now();
        assertEquals(0L, retention.prune(api.tenantId(), now.minus(Duration.ofHours(1))).await().indefinitely());
        assertEquals(2, trail("").size());
        assertEquals(2L, retention.prune(api.tenantId(), now.plus(Duration.ofMinutes(1))).await().indefinitely());
        assertEquals(List.of(), trail(""));
    }

    @Test
    void aTableMayOptOut() {
        String quiet = api.createTable(ds, "quiet", """
                {"fields": [{"name": "id", "type": "integer"}], "primaryKey": ["id"], "datably:audit": false}""");
        api.post(quiet, "{\"id\": 1}").statusCode(201);
        api.delete(quiet + "1/").statusCode(204);
        api.get(ds + "/datatables/quiet/audit/").statusCode(200).body("count", equalTo(0));
        api.post(ds + "/datatables/", "{\"name\": \"bad\", \"json_schema\": {\"fields\": [{\"name\": \"id\"}], "
                + "\"datably:audit\": \"no\"}}").statusCode(400).body("errors[0].field",
                equalTo("json_schema.datably:audit"));
    }

    @Test
    void filtersAndPagesNameTheirCulprits() {
        api.post(posts, "[{\"id\": 1, \"title\": \"a\", \"views\": 1}, {\"id\": 2, \"title\": \"b\", \"views\": 2},"
                + " {\"id\": 3, \"title\": \"c\", \"views\": 3}]").statusCode(201);
        api.get(audit + "?page_size=2").statusCode(200).body("count", equalTo(3))
                .header("Link", containsString("/datatables/posts/operations/>; rel=\"schema-operations\""))
                .body("next", containsString("page=2"));
        api.get(audit + "?page=3&page_size=2").statusCode(404).body("code", equalTo("DS104"));
        api.get(audit + "?actor=local").statusCode(200).body("count", equalTo(3));
        api.get(audit + "?actor=someone-else").statusCode(200).body("count", equalTo(0));
        api.get(audit + "?since=2000-01-01&until=2999-01-01T00:00:00Z").statusCode(200).body("count", equalTo(3));
        api.get(audit + "?until=2000-01-01").statusCode(200).body("count", equalTo(0));
        api.get(audit + "?action=drop").statusCode(400).body("errors[0].field", equalTo("action"));
        api.get(audit + "?since=yesterday").statusCode(400).body("errors[0].field", equalTo("since"));
        api.get(audit + "?ordering=views").statusCode(400).body("errors[0].field", equalTo("ordering"));
        api.get(audit + "?title=a").statusCode(400).body("errors[0].field", equalTo("title"));
        api.get(posts + "x/history/").statusCode(400).body("errors[0].field", equalTo("pk"));
        api.get(ds + "/datatables/nope/audit/").statusCode(404);
        // Append-only: nothing changes or removes entries.
        api.delete(audit).statusCode(405);
        api.post(audit, "{}").statusCode(405);
    }
}
