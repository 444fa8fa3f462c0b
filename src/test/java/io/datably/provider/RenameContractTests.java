package io.datably.provider;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.testsupport.Api;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The rename of a datatable on each provider ({@code PATCH .../datatables/{t}/ {"name": "new"}}): logical, so the
 * records, indexes and audit trail answer under the new name and nothing under the old; the foreign keys of the
 * other tables (and the table's own explicit self-reference) follow, so references are still checked and followed;
 * the history shows it; taken and invalid names are refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RenameContractTests {
    private Api api;
    private String ds;

    protected abstract String providerType();

    @BeforeEach
    void library() {
        api = Api.newTenant();
        ds = api.createDataSource(providerType());
        api.createTable(ds, "authors", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"},
                            {"name": "mentor_id", "type": "integer"}],
                 "primaryKey": ["id"],
                 "foreignKeys": [{"fields": ["mentor_id"], "reference": {"resource": "authors", "fields": ["id"]}}]}""");
        api.createTable(ds, "books", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "title", "type": "string"},
                            {"name": "author_id", "type": "integer"}],
                 "primaryKey": ["id"],
                 "foreignKeys": [{"fields": ["author_id"], "reference": {"resource": "authors", "fields": ["id"]}}]}""");
        api.post(table("authors") + "indexes/", "{\"name\":\"by_name\",\"fields\":[\"name\"]}").statusCode(201);
        api.post(table("authors") + "records/", "[{\"id\": 1, \"name\": \"Ann\"}, {\"id\": 2, \"name\": \"Bob\", "
                + "\"mentor_id\": 1}]").statusCode(201);
        api.post(table("books") + "records/", "{\"id\": 10, \"title\": \"First\", \"author_id\": 1}").statusCode(201);
    }

    private String table(String name) {
        return ds + "/datatables/" + name + "/";
    }

    @Test
    void recordsIndexesAndAuditAnswerUnderTheNewNameOnly() {
        String physical = api.get(table("authors")).statusCode(200).extract().path("physical_table_name");
        api.patch(table("authors"), "{\"name\": \"writers\"}").statusCode(200).body("name", equalTo("writers"))
                .body("physical_table_name", equalTo(physical));
        api.get(table("writers") + "records/2/").statusCode(200).body("name", equalTo("Bob"));
        api.get(table("authors")).statusCode(404);
        api.get(table("authors") + "records/2/").statusCode(404);
        api.get(ds + "/datatables/").statusCode(200).body("results.name", hasItem("writers"))
                .body("results.name", org.hamcrest.Matchers.not(hasItem("authors")));
        api.post(table("writers") + "records/", "{\"id\": 3, \"name\": \"Cid\", \"mentor_id\": 2}").statusCode(201);
        api.get(table("writers") + "indexes/").statusCode(200).body("results.name", hasItem("by_name"));
        // The audit trail is the table's (by id): the entries written under the old name are there.
        api.get(table("writers") + "audit/?action=create").statusCode(200).body("count", equalTo(3));
        api.get(table("writers") + "records/1/history/").statusCode(200).body("count", equalTo(1));
        // The old name is free again.
        api.createTable(ds, "authors", "{\"fields\": [{\"name\": \"id\", \"type\": \"integer\"}], "
                + "\"primaryKey\": [\"id\"]}");
        api.get(table("authors") + "records/").statusCode(200).body("count", equalTo(0));
    }

    @Test
    void foreignKeysFollowTheRename() {
        int booksVersion = api.get(table("books")).statusCode(200).extract().path("schema_version");
        api.patch(table("authors"), "{\"name\": \"writers\"}").statusCode(200)
                .body("json_schema.foreignKeys[0].reference.resource", equalTo("writers"));
        api.get(table("books")).statusCode(200)
                .body("json_schema.foreignKeys[0].reference.resource", equalTo("writers"))
                .body("schema_version", equalTo(booksVersion + 1));
        // References are still checked (into the renamed table, and its self-reference) and followed.
        Api.assertProblem(api.request().body("{\"id\": 11, \"title\": \"Lost\", \"author_id\": 99}")
                .post(table("books") + "records/"), 409, "DS111");
        Api.assertProblem(api.request().body("{\"id\": 4, \"name\": \"Dee\", \"mentor_id\": 99}")
                .post(table("writers") + "records/"), 409, "DS111");
        api.post(table("books") + "records/", "{\"id\": 11, \"title\": \"Second\", \"author_id\": 2}")
                .statusCode(201);
        api.get(table("books") + "records/?expand=author&ordering=id").statusCode(200)
                .body("results.author.name", equalTo(List.of("Ann", "Bob")));
        api.get(table("books") + "records/?author__name=Bob").statusCode(200).body("results.id", equalTo(List.of(11)));
        api.get(table("writers") + "records/1/?expand=books").statusCode(200)
                .body("books.title", equalTo(List.of("First")));
        // The referencing table's switch is an operation of its own, undone by renaming back.
        JsonNode carried = last(table("books"));
        assertEquals("update", carried.get("operation").asText());
        assertEquals(false, carried.get("reversible").asBoolean());
        assertEquals("writers", carried.at("/schema_after/foreignKeys/0/reference/resource").asText());
    }

    /** A node table's "datably:graph" names its edges table: the name follows that table's rename. */
    @Test
    void graphEdgesFollowTheRename() {
        api.createTable(ds, "people", """
                {"fields": [{"name": "id", "type": "integer"}], "primaryKey": ["id"],
                 "datably:graph": {"edges": "links", "source": "a", "target": "b"}}""");
        api.createTable(ds, "links", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "a", "type": "integer"},
                            {"name": "b", "type": "integer"}],
                 "primaryKey": ["id"],
                 "foreignKeys": [{"fields": ["a"], "reference": {"resource": "people", "fields": ["id"]}},
                                 {"fields": ["b"], "reference": {"resource": "people", "fields": ["id"]}}]}""");
        api.post(table("people") + "records/", "[{\"id\": 1}, {\"id\": 2}]").statusCode(201);
        api.post(table("links") + "records/", "{\"id\": 1, \"a\": 1, \"b\": 2}").statusCode(201);
        api.patch(table("links"), "{\"name\": \"ties\"}").statusCode(200);
        api.get(table("people")).statusCode(200).body("json_schema.'datably:graph'.edges", equalTo("ties"));
        api.get(table("people") + "graph/neighbors/?node=1&direction=out").statusCode(200)
                .body("results.key", equalTo(List.of(2)));
    }

    @Test
    void theHistoryShowsTheRenameAndRenamingBackRestoresTheNames() {
        api.patch(table("authors"), "{\"name\": \"writers\", \"description\": \"who wrote\"}").statusCode(200)
                .body("description", equalTo("who wrote"));
        JsonNode rename = last(table("writers"));
        assertEquals("rename", rename.get("operation").asText());
        assertEquals("authors", rename.get("name_before").asText());
        assertEquals("writers", rename.get("name_after").asText());
        assertEquals("authors", rename.at("/schema_before/foreignKeys/0/reference/resource").asText());
        assertEquals("writers", rename.at("/schema_after/foreignKeys/0/reference/resource").asText());
        assertEquals(false, rename.get("reversible").asBoolean());
        api.get(table("writers") + "operations/").statusCode(200)
                .body("results.find { it.operation == 'create' }.name_before", nullValue());
        // PUT renames too, with the schema it has (as stored, or naming itself by the new name)
        JsonNode current = Api.json(api.get(table("writers")).statusCode(200).extract().asString()).get("json_schema");
        api.put(table("writers"), "{\"name\": \"authors\", \"json_schema\": " + current + "}").statusCode(200)
                .body("json_schema.foreignKeys[0].reference.resource", equalTo("authors"));
        api.get(table("books")).statusCode(200)
                .body("json_schema.foreignKeys[0].reference.resource", equalTo("authors"));
        api.get(table("writers")).statusCode(404);
        List<String> names = new ArrayList<>();
        Api.json(api.get(table("authors") + "operations/?page_size=100").statusCode(200).extract().asString())
                .get("results").forEach(op -> names.add(op.get("operation").asText() + " "
                        + op.get("name_before").asText("-") + ">" + op.get("name_after").asText("-")));
        assertEquals(List.of("rename authors>writers", "rename writers>authors"),
                names.stream().filter(n -> n.startsWith("rename")).toList(), names.toString());
    }

    @Test
    void takenAndInvalidNamesAndRenamesWithSchemaChangesAreRefused() {
        Api.assertProblem(api.request().body("{\"name\": \"books\"}").patch(table("authors")), 409, "DS110")
                .body("detail", containsString("'books' already exists")).body("errors[0].field", equalTo("name"));
        api.createTable(ds, "gone", "{\"fields\": [{\"name\": \"id\", \"type\": \"integer\"}], "
                + "\"primaryKey\": [\"id\"]}");
        api.delete(table("gone")).statusCode(204);
        Api.assertProblem(api.request().body("{\"name\": \"gone\"}").patch(table("authors")), 409, "DS110")
                .body("detail", containsString("(inactive)"));
        Api.assertProblem(api.request().body("{\"name\": \"bad name!\"}").patch(table("authors")), 400, "DS102")
                .body("errors[0].field", equalTo("name"));
        Api.assertProblem(api.request().body("{\"name\": \"" + "x".repeat(64) + "\"}").patch(table("authors")),
                400, "DS102").body("errors[0].field", equalTo("name"));
        Api.assertProblem(api.request().body("{\"name\": \"writers\", \"json_schema\": {\"fields\": [{\"name\": "
                + "\"id\", \"type\": \"integer\"}], \"primaryKey\": [\"id\"]}}").patch(table("authors")), 400,
                "DS102").body("errors[0].field", equalTo("name"))
                .body("errors[0].code", equalTo("rename_with_schema_change"));
        // A dry run says what the rename would change, and changes nothing.
        api.patch(table("authors") + "?dry_run=true", "{\"name\": \"writers\"}").statusCode(200)
                .body("dry_run", equalTo(true)).body("changes", equalTo(List.of(
                        "rename datatable 'authors' to 'writers' (its physical table keeps its name)",
                        "update datatable 'books' to reference 'writers'")));
        api.get(table("writers")).statusCode(404);
        api.get(table("books")).statusCode(200)
                .body("json_schema.foreignKeys[0].reference.resource", equalTo("authors"));
        api.get(table("authors") + "records/1/").statusCode(200).body("name", equalTo("Ann"));
        assertEquals("create", first(table("authors")).get("operation").asText());
        assertEquals(List.of("create", "materialize", "index"), operations(table("authors")).subList(0, 3));
    }

    private List<String> operations(String table) {
        List<String> ops = new ArrayList<>();
        Api.json(api.get(table + "operations/?page_size=100").statusCode(200).extract().asString()).get("results")
                .forEach(op -> ops.add(op.get("operation").asText()));
        return ops;
    }

    private JsonNode first(String table) {
        return Api.json(api.get(table + "operations/?page_size=100").statusCode(200).extract().asString())
                .get("results").get(0);
    }

    private JsonNode last(String table) {
        JsonNode results = Api.json(api.get(table + "operations/?page_size=100").statusCode(200).extract()
                .asString()).get("results");
        return results.get(results.size() - 1);
    }
}
