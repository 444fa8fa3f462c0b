package io.datably.api;

import static org.hamcrest.Matchers.equalTo;

import io.datably.testsupport.Api;
import io.datably.testsupport.TenantSchema;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Adopted views read as PHP-CRUD-API reads them: the {@code id} column is the key (reads by id; writes stay 405),
 * and a column {@code <table>_id} references that table, for TreeQL joins and the native API alike.
 */
@QuarkusTest
class AdoptedViewsTest {
    @Inject
    Pool pool;

    @Test
    void aViewsIdIsItsKeyAndItsTableIdColumnsRelate() {
        Api api = Api.newTenant();
        String ds = api.createDataSource("flat_table");
        TenantSchema.run(pool, api, "CREATE TABLE categories (id serial PRIMARY KEY, name text NOT NULL);"
                + "CREATE TABLE posts (id serial PRIMARY KEY, category_id int REFERENCES categories, title text);"
                + "INSERT INTO categories (name) VALUES ('news'), ('howto');"
                + "INSERT INTO posts (category_id, title) VALUES (1, 'Hello'), (2, 'How'), (1, 'Third');"
                + "CREATE VIEW post_summary AS SELECT p.id, p.title, p.category_id, c.name AS category_name"
                + "  FROM posts p JOIN categories c ON c.id = p.category_id;"
                + "CREATE VIEW category_counts AS SELECT category_id AS categories_id, count(*) AS n FROM posts"
                + "  GROUP BY category_id;"
                + "CREATE VIEW no_key AS SELECT title FROM posts");
        api.post(ds + "/adopt/", "{}").statusCode(200);
        String records = ds + "/records/";
        api.get(records + "post_summary/2").statusCode(200).body("title", equalTo("How"))
                .body("category_name", equalTo("howto"));
        api.get(records + "post_summary/3,1").statusCode(200).body("title", equalTo(List.of("Third", "Hello")));
        api.get(records + "post_summary/9").statusCode(404).body("code", equalTo(1003));
        api.put(records + "post_summary/1", "{\"title\": \"x\"}").statusCode(405).body("code", equalTo(1015));
        api.delete(records + "post_summary/1").statusCode(405).body("code", equalTo(1015));
        api.post(records + "post_summary", "{\"id\": 9, \"title\": \"x\"}").statusCode(405).body("code", equalTo(1015));
        // <table>_id relates the view to the table: joined in place, and from the table as has-many.
        api.get(records + "category_counts?join=categories&order=categories_id").statusCode(200)
                .body("records", equalTo(List.of(Map.of("categories_id", Map.of("id", 1, "name", "news"), "n", 2),
                        Map.of("categories_id", Map.of("id", 2, "name", "howto"), "n", 1))));
        api.get(records + "categories/1?join=category_counts").statusCode(200)
                .body("category_counts.n", equalTo(List.of(2)));
        // A view without an id column stays without a key.
        api.get(records + "no_key?order=title").statusCode(200).body("records.title",
                equalTo(List.of("Hello", "How", "Third")));
        // The native API: the same key and relations.
        api.get(ds + "/datatables/post_summary/").statusCode(200)
                .body("json_schema.primaryKey", equalTo(List.of("id")));
        api.get(ds + "/datatables/category_counts/").statusCode(200)
                .body("json_schema.foreignKeys[0].fields", equalTo(List.of("categories_id")))
                .body("json_schema.foreignKeys[0].reference.resource", equalTo("categories"));
        api.get(ds + "/datatables/post_summary/records/2/").statusCode(200).body("title", equalTo("How"));
        api.get(ds + "/datatables/no_key/").statusCode(200).body("json_schema.primaryKey", equalTo(null));
    }
}
