package io.datably.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.testsupport.Api;
import io.datably.testsupport.TenantSchema;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Adopting tables that already exist in the tenant's schema: inferred schemas (types, keys, NOT NULL, lengths,
 * references, defaults), records through the native API (serial keys, client keys that later generated keys never
 * collide with), read-only views, key-less tables, and the refusals.
 */
@QuarkusTest
class AdoptionTest {
    @Inject
    Pool pool;

    private Api api;
    private String ds;

    @BeforeEach
    void existingDatabase() {
        api = Api.newTenant();
        ds = api.createDataSource("flat_table");
        TenantSchema.run(pool, api, "CREATE TABLE categories (id serial PRIMARY KEY, name varchar(255) NOT NULL UNIQUE,"
                + "  icon bytea);"
                + "CREATE TABLE posts (id serial PRIMARY KEY, category_id integer NOT NULL REFERENCES categories,"
                + "  content varchar(255) NOT NULL, price numeric(10,2), created timestamp, props json);"
                + "CREATE VIEW tag_usage AS SELECT category_id, count(*) AS count FROM posts GROUP BY category_id;"
                + "CREATE TABLE nopk (id integer, note text);"
                + "CREATE TABLE \"kunsthåndværk\" (id varchar(36) PRIMARY KEY);"
                + "INSERT INTO categories (name) VALUES ('announcement'), ('article');"
                + "INSERT INTO posts (category_id, content, price) VALUES (1, 'blog started', 1.5);"
                + "INSERT INTO nopk VALUES (1, 'a'), (1, 'b')");
    }

    @Test
    void adoptsTablesAndViewsWithInferredSchemas() {
        String body = api.post(ds + "/adopt/", "{}").statusCode(200)
                .body("adopted.name", hasItems("categories", "posts", "tag_usage", "nopk"))
                .body("skipped[0].name", equalTo("kunsthåndværk"))
                .body("skipped[0].reason", containsString("not a valid datatable name"))
                .extract().asString();
        JsonNode posts = null;
        for (JsonNode t : Api.json(body).path("adopted")) {
            if (t.path("name").asText().equals("posts")) {
                posts = t.path("json_schema");
            }
        }
        assertEquals(Api.json("""
                {"fields": [
                  {"name": "id", "type": "integer", "datably:sqlType": "integer", "datably:generated": true},
                  {"name": "category_id", "type": "integer", "datably:sqlType": "integer",
                   "constraints": {"required": true}},
                  {"name": "content", "type": "string", "datably:sqlType": "character varying(255)",
                   "constraints": {"required": true, "maxLength": 255}},
                  {"name": "price", "type": "number", "datably:sqlType": "numeric(10,2)"},
                  {"name": "created", "type": "datetime", "datably:sqlType": "timestamp without time zone"},
                  {"name": "props", "type": "any", "datably:sqlType": "json"}],
                 "primaryKey": ["id"], "missingValues": [],
                 "foreignKeys": [{"fields": ["category_id"],
                                  "reference": {"resource": "categories", "fields": ["id"]}}]}"""), posts);
        // Adopting again finds nothing new; naming a registered table says so; unknown names are a 400.
        api.post(ds + "/adopt/", "{}").statusCode(200).body("adopted.size()", equalTo(0));
        api.post(ds + "/adopt/", "{\"tables\": [\"posts\"]}").statusCode(200)
                .body("skipped[0].reason", containsString("already registered"));
        api.post(ds + "/adopt/", "{\"tables\": [\"nope\"]}").statusCode(400).body("detail", containsString("nope"));
    }

    @Test
    void recordsOfAdoptedTables() {
        api.post(ds + "/adopt/", "{}").statusCode(200);
        String posts = ds + "/datatables/posts/records/";
        api.get(posts).statusCode(200).body("results[0].content", equalTo("blog started"))
                .body("results[0].price", equalTo(1.5f));
        // The serial key is filled by PostgreSQL; a client key moves the sequence past it.
        api.post(posts, "{\"category_id\": 2, \"content\": \"second\"}").statusCode(201).body("id", equalTo(2));
        api.post(posts, "{\"id\": 100, \"category_id\": 2, \"content\": \"mine\"}").statusCode(201)
                .body("id", equalTo(100));
        api.post(posts, "[{\"category_id\": 1, \"content\": \"next\"}, {\"id\": 7, \"category_id\": 1, "
                + "\"content\": \"mixed\"}]").statusCode(201).body("id", hasItems(101, 7));
        api.post(posts, "{\"category_id\": 9, \"content\": \"dangling\"}").statusCode(409);
        api.post(posts, "{\"category_id\": 1}").statusCode(400).body("errors[0].field", equalTo("content"));
        // Relations come from the adopted foreign keys.
        api.get(posts + "?category__name=article&expand=category&ordering=id").statusCode(200)
                .body("results.id", equalTo(java.util.List.of(2, 100)))
                .body("results[0].category.name", equalTo("article"));
        // Views are read-only; key-less tables are listable but not addressable.
        api.get(ds + "/datatables/tag_usage/records/?ordering=category_id").statusCode(200)
                .body("results[0].count", equalTo(3));
        api.post(ds + "/datatables/tag_usage/records/", "{\"category_id\": 1, \"count\": 1}").statusCode(405)
                .body("detail", containsString("read-only"));
        api.post(ds + "/records/tag_usage", "{\"category_id\": 1}").statusCode(405).body("code", equalTo(1015))
                .body("message", equalTo("Operation 'create' not supported"));
        api.get(ds + "/records/nopk/1").statusCode(404).body("code", equalTo(1023));
        api.post(ds + "/records/nopk", "{\"id\": 2, \"note\": \"c\"}").statusCode(200).body(equalTo("null"));
        api.get(ds + "/datatables/nopk/records/").statusCode(200).body("count", equalTo(3));
        api.get(ds + "/datatables/nopk/records/1/").statusCode(400);
    }

    @Test
    void onlyFlatTableDatasourcesAdopt() {
        api.post(api.createDataSource("jsonb") + "/adopt/", "{}").statusCode(400)
                .body("detail", containsString("flat_table"));
    }
}
