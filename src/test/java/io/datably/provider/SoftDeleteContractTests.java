package io.datably.provider;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.testsupport.Api;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Soft delete and restore on each provider: a table with {@code "datably:softDelete": true} marks deleted records,
 * and every read (lists, counts, reads by key, aggregates, relation filters, expansions, TreeQL) hides them unless a
 * list or read asks {@code deleted=include|only}; restore and purge; unique keys held by deleted records; turning
 * the setting on and off on a table with records. The expected rows are computed here from the records written, not
 * read back from the service.
 */
public abstract class SoftDeleteContractTests {
    private Api api;
    private String ds;
    private String authors;
    private String posts;
    /** The posts written, by id: {author_id, views}. */
    private final Map<Integer, int[]> written = new LinkedHashMap<>();
    private final Set<Integer> deleted = new TreeSet<>();

    protected abstract String providerType();

    @BeforeEach
    void blog() {
        api = Api.newTenant();
        ds = api.createDataSource(providerType());
        authors = api.createTable(ds, "authors", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}],
                 "primaryKey": ["id"], "datably:softDelete": true}""");
        posts = api.createTable(ds, "posts", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "author_id", "type": "integer"},
                            {"name": "title", "type": "string", "constraints": {"unique": true}},
                            {"name": "views", "type": "integer"}],
                 "primaryKey": ["id"], "datably:softDelete": true,
                 "foreignKeys": [{"fields": ["author_id"], "reference": {"resource": "authors", "fields": ["id"]}}]}""");
        api.post(authors, "[{\"id\": 1, \"name\": \"ann\"}, {\"id\": 2, \"name\": \"bob\"}]").statusCode(201);
        written.clear();
        deleted.clear();
        List<String> rows = new ArrayList<>();
        for (int id = 1; id <= 6; id++) {
            int author = id % 2 == 0 ? 2 : 1;
            int views = id * 10;
            written.put(id, new int[] {author, views});
            rows.add("{\"id\": " + id + ", \"author_id\": " + author + ", \"title\": \"post " + id + "\", \"views\": "
                    + views + "}");
        }
        api.post(posts, "[" + String.join(",", rows) + "]").statusCode(201);
    }

    /** The ids of the posts meeting {@code test}, live ones only unless asked. */
    private List<Integer> expected(Predicate<Integer> test) {
        return written.keySet().stream().filter(id -> !deleted.contains(id)).filter(test).toList();
    }

    private List<Integer> ids(String path) {
        JsonNode body = Api.json(api.get(path).statusCode(200).extract().asString());
        List<Integer> ids = new ArrayList<>();
        (body.has("results") ? body.get("results") : body.get("records")).forEach(r -> ids.add(r.get("id").asInt()));
        return ids;
    }

    private void softDelete(int id) {
        api.delete(posts + id + "/").statusCode(204);
        deleted.add(id);
    }

    @Test
    void aDeleteMarksTheRecordAndEveryReadHidesIt() {
        softDelete(2);
        softDelete(5);
        assertEquals(expected(id -> true), ids(posts + "?ordering=id"));
        api.get(posts).body("count", equalTo(expected(id -> true).size()));
        assertEquals(expected(id -> written.get(id)[1] >= 20), ids(posts + "?views__gte=20&ordering=id"));
        Api.assertProblem(api.request().get(posts + "2/"), 404, "DS104");
        Api.assertProblem(api.request().get(posts + "2/?fields=id"), 404, "DS104");
        api.get(posts + "3/").statusCode(200).body("id", equalTo(3));
        // Aggregates count and sum live records only.
        long liveViews = expected(id -> true).stream().mapToLong(id -> written.get(id)[1]).sum();
        api.get(posts + "aggregate/?aggregates=count(*),sum(views)").statusCode(200)
                .body("results[0].count", equalTo(expected(id -> true).size()))
                .body("results[0].sum_views", equalTo((int) liveViews));
        // Keyset pages walk live records only.
        assertEquals(expected(id -> true).subList(0, 2), ids(posts + "?cursor=&page_size=2&ordering=id"));
    }

    @Test
    void relationsExpansionsAndTreeQlHideDeletedRecords() {
        softDelete(2);
        softDelete(4);
        softDelete(6); // every post of bob
        String authorsList = authors + "?ordering=id&posts__views__gte=0";
        assertEquals(List.of(1), ids(authorsList));
        JsonNode expanded = Api.json(api.get(authors + "?ordering=id&expand=posts").statusCode(200).extract()
                .asString()).get("results");
        List<Integer> bobsPosts = new ArrayList<>();
        expanded.get(1).get("posts").forEach(p -> bobsPosts.add(p.get("id").asInt()));
        assertEquals(expected(id -> written.get(id)[0] == 2), bobsPosts);
        // An author deleted: its posts are not found through it, nor embed it.
        api.delete(authors + "1/").statusCode(204);
        assertEquals(List.of(), ids(posts + "?author__name=ann"));
        JsonNode post1 = Api.json(api.get(posts + "1/?expand=author").statusCode(200).extract().asString());
        assertEquals(true, post1.get("author").isNull());
        // TreeQL lists live records only, and its DELETE marks too.
        String treeql = ds + "/records/posts";
        assertEquals(expected(id -> true), ids(treeql + "?order=id"));
        api.delete(treeql + "/3").statusCode(200);
        deleted.add(3);
        assertEquals(expected(id -> true), ids(treeql + "?order=id"));
        api.post(posts + "3/restore/", "").statusCode(200).body("id", equalTo(3));
    }

    @Test
    void deletedRecordsAreShownWhenAskedFor() {
        softDelete(2);
        softDelete(5);
        assertEquals(List.copyOf(written.keySet()), ids(posts + "?deleted=include&ordering=id"));
        assertEquals(List.copyOf(deleted), ids(posts + "?deleted=only&ordering=id"));
        assertEquals(List.of(5), ids(posts + "?deleted=only&views__gt=20"));
        api.get(posts + "?deleted=only").body("count", equalTo(2));
        api.get(posts + "2/?deleted=include").statusCode(200).body("title", equalTo("post 2"))
                .body("_deleted_by", equalTo("local"));
        // Asked for, deleted records say they are, when and by whom; live ones carry an empty marker; plain reads none.
        JsonNode shown = Api.json(api.get(posts + "?deleted=include&ordering=id").statusCode(200).extract()
                .asString()).get("results");
        assertEquals(written.size(), shown.size());
        java.time.Instant now = java.time.Instant.now();
        for (JsonNode record : shown) {
            boolean isDeleted = deleted.contains(record.get("id").asInt());
            assertEquals(isDeleted, !record.get("_deleted_at").isNull(), record.toString());
            assertEquals(isDeleted ? "local" : null, record.get("_deleted_by").textValue(), record.toString());
            if (isDeleted) {
                java.time.Instant at = java.time.Instant.parse(record.get("_deleted_at").asText());
                assertTrue(at.isAfter(now.minusSeconds(600)) && !at.isAfter(now), record.toString());
            }
        }
        // Cursor pages carry the marker too.
        JsonNode page = Api.json(api.get(posts + "?deleted=include&cursor=&page_size=50&ordering=id").statusCode(200)
                .extract().asString()).get("results");
        assertEquals(written.size(), page.size());
        page.forEach(record -> assertEquals(deleted.contains(record.get("id").asInt()),
                record.path("_deleted_by").isTextual(), record.toString()));
        JsonNode onlyId = Api.json(api.get(posts + "2/?deleted=only&fields=id").statusCode(200).extract().asString());
        assertEquals(List.of("id", "_deleted_at", "_deleted_by"), fieldNames(onlyId));
        JsonNode live = Api.json(api.get(posts + "1/").statusCode(200).extract().asString());
        assertFalse(live.has("_deleted_at") || live.has("_deleted_by"), live.toString());
        // An export sees what the list sees: the deleted records with their marker when asked for, else live ones.
        String csv = api.request().accept("text/csv").get(posts + "?deleted=only&fields=id&ordering=id").then()
                .statusCode(200).extract().asString();
        List<String> lines = csv.lines().toList();
        assertEquals("id,_deleted_at,_deleted_by", lines.get(0));
        assertEquals(List.copyOf(deleted), lines.subList(1, lines.size()).stream()
                .map(line -> Integer.valueOf(line.substring(0, line.indexOf(',')))).toList());
        lines.subList(1, lines.size()).forEach(line -> assertTrue(line.endsWith(",local"), line));
        String liveCsv = api.request().accept("text/csv").get(posts + "?fields=id&ordering=id").then()
                .statusCode(200).extract().asString();
        assertEquals(expected(id -> true), liveCsv.lines().skip(1).map(Integer::valueOf).toList());
        Api.assertProblem(api.request().get(posts + "3/?deleted=only"), 404, "DS104");
        Api.assertProblem(api.request().get(posts + "?deleted=yes"), 400, "DS101")
                .body("errors[0].field", equalTo("deleted"));
    }

    @Test
    void restoreMakesARecordLiveAgain() {
        softDelete(2);
        api.post(posts + "2/restore/", "").statusCode(200).body("id", equalTo(2)).body("title", equalTo("post 2"));
        deleted.remove(2);
        assertEquals(expected(id -> true), ids(posts + "?ordering=id"));
        api.get(posts + "2/").statusCode(200);
        // Not deleted (any more), or absent: 404.
        Api.assertProblem(api.request().post(posts + "2/restore/"), 404, "DS104");
        Api.assertProblem(api.request().post(posts + "99/restore/"), 404, "DS104");
        // Deleted again, and restored again.
        softDelete(2);
        api.post(posts + "2/restore/", "").statusCode(200);
    }

    @Test
    void purgeDeletesForGoodMarkedOrNot() {
        softDelete(2);
        api.delete(posts + "2/?purge=true").statusCode(204);
        api.delete(posts + "3/?purge=true").statusCode(204);
        written.remove(2);
        written.remove(3);
        deleted.remove(2);
        assertEquals(List.copyOf(written.keySet()), ids(posts + "?deleted=include&ordering=id"));
        Api.assertProblem(api.request().post(posts + "2/restore/"), 404, "DS104");
        Api.assertProblem(api.request().delete(posts + "2/?purge=true"), 404, "DS104");
        Api.assertProblem(api.request().delete(posts + "4/?purge=maybe"), 400, "DS101")
                .body("errors[0].field", equalTo("purge"));
        // A key freed by a purge can be created again.
        api.post(posts, "{\"id\": 2, \"author_id\": 1, \"title\": \"post 2\", \"views\": 1}").statusCode(201);
    }

    @Test
    void aDeletedRecordKeepsItsKeysAndCannotBeChanged() {
        softDelete(2);
        Api.assertProblem(api.request().delete(posts + "2/"), 404, "DS104");
        Api.assertProblem(api.request().body("{\"views\": 1}").patch(posts + "2/"), 404, "DS104");
        Api.assertProblem(api.request().body("{}").patch(posts + "2/"), 404, "DS104");
        Api.assertProblem(api.request().body("{\"author_id\": 1, \"title\": \"x\", \"views\": 1}").put(posts + "2/"),
                404, "DS104");
        Api.assertProblem(api.request().body("{\"id\": 2, \"author_id\": 1, \"title\": \"new\", \"views\": 1}")
                .post(posts), 409, "DS110").body("detail", containsString("restore"));
        Api.assertProblem(api.request().body("{\"id\": 7, \"author_id\": 1, \"title\": \"post 2\", \"views\": 1}")
                .post(posts), 409, "DS110").body("errors[0].field", equalTo("title"));
        // Unchanged by the refused writes.
        api.get(posts + "2/?deleted=only").statusCode(200).body("views", equalTo(20)).body("title",
                equalTo("post 2"));
    }

    @Test
    void aTableWithoutTheSettingDeletesAsBefore() {
        String plain = api.createTable(ds, "notes", """
                {"fields": [{"name": "id", "type": "integer"}], "primaryKey": ["id"]}""");
        api.post(plain, "[{\"id\": 1}, {\"id\": 2}]").statusCode(201);
        api.delete(plain + "1/").statusCode(204);
        assertEquals(List.of(2), ids(plain + "?deleted=include"));
        assertEquals(List.of(), ids(plain + "?deleted=only"));
        Api.assertProblem(api.request().get(plain + "2/?deleted=only"), 404, "DS104");
        Api.assertProblem(api.request().post(plain + "1/restore/"), 404, "DS104");
        Api.assertProblem(api.request().post(plain + "2/restore/"), 404, "DS104");
        api.post(plain, "{\"id\": 1}").statusCode(201);
    }

    @Test
    void theSettingIsTurnedOnAndOffOnATableWithRecords() {
        String table = ds + "/datatables/notes/";
        String records = api.createTable(ds, "notes", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "text", "type": "string"}],
                 "primaryKey": ["id"]}""");
        api.post(records, "[{\"id\": 1, \"text\": \"a\"}, {\"id\": 2, \"text\": \"b\"}]").statusCode(201);
        String on = """
                {"json_schema": {"fields": [{"name": "id", "type": "integer"}, {"name": "text", "type": "string"}],
                 "primaryKey": ["id"], "datably:softDelete": true}}""";
        String off = on.replace(", \"datably:softDelete\": true", "");
        api.patch(table, on).statusCode(200);
        api.delete(records + "1/").statusCode(204);
        assertEquals(List.of(2), ids(records));
        assertEquals(List.of(1), ids(records + "?deleted=only"));
        Api.assertProblem(api.request().body(off).patch(table), 409, "DS112")
                .body("errors[0].field", equalTo("json_schema.datably:softDelete"))
                .body("errors[0].message", containsString("key 1"));
        api.delete(records + "1/?purge=true").statusCode(204);
        api.patch(table, off).statusCode(200);
        api.delete(records + "2/").statusCode(204);
        assertEquals(List.of(), ids(records + "?deleted=include"));
    }

    @Test
    void theSettingIsValidated() {
        Api.assertProblem(api.request().body("""
                {"name": "bad", "json_schema": {"fields": [{"name": "id", "type": "integer"}],
                 "datably:softDelete": "yes"}}""").post(ds + "/datatables/"), 400, "DS200")
                .body("errors[0].field", equalTo("json_schema.datably:softDelete"));
        Api.assertProblem(api.request().body("""
                {"name": "bad", "json_schema": {"fields": [{"name": "id", "type": "integer"},
                 {"name": "_deleted_at", "type": "datetime"}], "datably:softDelete": true}}""")
                .post(ds + "/datatables/"), 400, "DS200")
                .body("errors[0].field", equalTo("json_schema.fields[1].name"));
    }

    private static List<String> fieldNames(JsonNode record) {
        List<String> names = new ArrayList<>();
        record.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
