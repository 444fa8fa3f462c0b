package io.datably.provider;

import static org.hamcrest.Matchers.equalTo;

import io.datably.testsupport.Api;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The TreeQL columns API on each provider, for tables Datably made: a field made through the native API is named by
 * its Frictionless type as flat_table stores it (integer → bigint, string → varchar with maxLength or clob, number →
 * decimal, datetime → timestamp, object → clob); one made through the columns API keeps the type it was given on
 * flat_table (its column's type) and reads back by its Frictionless type on jsonb and mongodb; required and key
 * fields are not nullable, one-field foreign keys name their table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ColumnsContractTests {
    private Api api;
    private String base;

    protected abstract String providerType();

    /**
     * Whether a column keeps the PHP-CRUD-API type it was given (flat_table stores it in a PostgreSQL column of that
     * type); the JSON stores read an integer back as bigint, as they store every integer.
     */
    protected boolean keepsColumnTypes() {
        return false;
    }

    @BeforeEach
    void tables() {
        if (api != null) {
            return;
        }
        api = Api.newTenant();
        String ds = api.createDataSource(providerType());
        api.createTable(ds, "categories", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string",
                             "constraints": {"required": true, "maxLength": 40}}],
                 "primaryKey": ["id"]}""");
        api.createTable(ds, "posts", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "category_id", "type": "integer"},
                            {"name": "body", "type": "string"}, {"name": "score", "type": "number"},
                            {"name": "published", "type": "boolean", "constraints": {"required": true}},
                            {"name": "at", "type": "datetime"}, {"name": "day", "type": "date"},
                            {"name": "meta", "type": "object"}],
                 "primaryKey": ["id"],
                 "foreignKeys": [{"fields": ["category_id"], "reference": {"resource": "categories", "fields": ["id"]}}]}""");
        base = ds + "/columns";
    }

    private static final String CATEGORIES = "{\"name\":\"categories\",\"type\":\"table\",\"columns\":["
            + "{\"name\":\"id\",\"type\":\"bigint\",\"pk\":true},"
            + "{\"name\":\"name\",\"type\":\"varchar\",\"length\":40}]}";
    private static final String POSTS = "{\"name\":\"posts\",\"type\":\"table\",\"columns\":["
            + "{\"name\":\"id\",\"type\":\"bigint\",\"pk\":true},"
            + "{\"name\":\"category_id\",\"type\":\"bigint\",\"nullable\":true,\"fk\":\"categories\"},"
            + "{\"name\":\"body\",\"type\":\"clob\",\"nullable\":true},"
            + "{\"name\":\"score\",\"type\":\"decimal\",\"nullable\":true},"
            + "{\"name\":\"published\",\"type\":\"boolean\"},"
            + "{\"name\":\"at\",\"type\":\"timestamp\",\"nullable\":true},"
            + "{\"name\":\"day\",\"type\":\"date\",\"nullable\":true},"
            + "{\"name\":\"meta\",\"type\":\"clob\",\"nullable\":true}]}";

    @Test
    void describesTheDatasourceItsTablesAndColumns() {
        api.get(base).statusCode(200).contentType("application/json; charset=utf-8")
                .body(equalTo("{\"tables\":[" + CATEGORIES + "," + POSTS + "]}"));
        api.get(base + "/posts").statusCode(200).body(equalTo(POSTS));
        api.get(base + "/posts/category_id").statusCode(200)
                .body(equalTo("{\"name\":\"category_id\",\"type\":\"bigint\",\"nullable\":true,\"fk\":\"categories\"}"));
        api.get(base + "/posts/nope").statusCode(404).body("code", equalTo(1005));
        api.get(base + "/nope").statusCode(404).body("code", equalTo(1001));
    }

    /** Leaves the tables as it found them (the other test compares them whole). */
    @Test
    void addsAndDropsColumnsAsSchemaMigrations() {
        api.post(base + "/posts", "{\"name\":\"alt_category_id\",\"type\":\"integer\",\"nullable\":true,"
                + "\"fk\":\"categories\"}").statusCode(200).body(equalTo("true"));
        api.get(base + "/posts/alt_category_id").statusCode(200).body(equalTo("{\"name\":\"alt_category_id\",\"type\":\""
                + (keepsColumnTypes() ? "integer" : "bigint") + "\",\"nullable\":true,\"fk\":\"categories\"}"));
        String records = base.replace("/columns", "/records/posts");
        api.post(records, "{\"id\": 1, \"published\": true, \"alt_category_id\": 7}").statusCode(409)
                .body("code", equalTo(1010));
        api.post(base + "/posts", "{\"name\":\"code\",\"type\":\"varchar\",\"length\":12}").statusCode(200);
        api.get(base + "/posts/code").statusCode(200)
                .body(equalTo("{\"name\":\"code\",\"type\":\"varchar\",\"length\":12}"));
        api.post(base + "/posts", "{\"name\":\"code\",\"type\":\"varchar\"}").statusCode(422)
                .body("code", equalTo(1013));
        api.post(base + "/posts", "{\"name\":\"shape\",\"type\":\"polygon\"}").statusCode(422)
                .body("details.shape", org.hamcrest.Matchers.containsString("polygon"));
        api.delete(base + "/posts/alt_category_id").statusCode(200).body(equalTo("true"));
        api.delete(base + "/posts/code").statusCode(200).body(equalTo("true"));
        api.get(base + "/posts/alt_category_id").statusCode(404).body("code", equalTo(1005));
        api.delete(base + "/posts/id").statusCode(422).body("code", equalTo(1013));
        api.delete(base + "/posts/nope").statusCode(404).body("code", equalTo(1005));
        api.get(base + "/posts").statusCode(200).body(equalTo(POSTS));
    }

    @Test
    void createsAndDeletesTables() {
        String table = "{\"name\":\"labels\",\"type\":\"table\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\",\"pk\":true},"
                + "{\"name\":\"post_id\",\"type\":\"integer\",\"fk\":\"posts\"},"
                + "{\"name\":\"text\",\"type\":\"varchar\",\"length\":30,\"nullable\":true}]}";
        api.post(base, table).statusCode(200).body(equalTo("true"));
        api.get(base + "/labels").statusCode(200)
                .body(equalTo(keepsColumnTypes() ? table : table.replace("integer", "bigint")));
        api.post(base, table).statusCode(409).body("code", equalTo(1009));
        api.post(base, "{\"name\":\"x\",\"columns\":[{\"name\":\"a\",\"type\":\"integer\",\"fk\":\"nope\"}]}")
                .statusCode(422).body("code", equalTo(1013));
        api.delete(base + "/labels").statusCode(200).body(equalTo("true"));
        api.get(base + "/labels").statusCode(404).body("code", equalTo(1001));
        api.delete(base + "/labels").statusCode(404).body("code", equalTo(1001));
        api.get(base).statusCode(200).body(equalTo("{\"tables\":[" + CATEGORIES + "," + POSTS + "]}"));
    }

    /** Type changes migrate the stored values, refusing those the new type cannot hold; leaves the tables as found. */
    @Test
    void changesAColumnsTypeAsASchemaMigration() {
        api.post(base + "/posts", "{\"name\":\"code\",\"type\":\"varchar\",\"length\":12,\"nullable\":true}")
                .statusCode(200);
        String records = base.replace("/columns", "/records/posts");
        api.post(records, "{\"id\": 1, \"published\": true, \"code\": \"abcdefghij\"}").statusCode(200);
        api.put(base + "/posts/code", "{\"type\":\"clob\"}").statusCode(200).body(equalTo("true"));
        api.get(base + "/posts/code").statusCode(200)
                .body(equalTo("{\"name\":\"code\",\"type\":\"clob\",\"nullable\":true}"));
        // too short for a stored value, or not a number: refused as TreeQL's integrity error, nothing changed
        api.put(base + "/posts/code", "{\"type\":\"varchar\",\"length\":5}").statusCode(409)
                .body("code", equalTo(1010));
        api.put(base + "/posts/code", "{\"type\":\"integer\"}").statusCode(409).body("code", equalTo(1010));
        api.get(base + "/posts/code").statusCode(200).body("type", equalTo("clob"));
        // sizes PostgreSQL cannot hold, and types the API does not make, name the column
        api.put(base + "/posts/code", "{\"type\":\"varchar\",\"length\":-1}").statusCode(422)
                .body("code", equalTo(1013)).body("details.code", org.hamcrest.Matchers.containsString("length"));
        api.put(base + "/posts/code", "{\"type\":\"varchar\",\"length\":\"12; DROP TABLE posts\"}")
                .statusCode(422).body("code", equalTo(1013));
        api.put(base + "/posts/code", "{\"type\":\"decimal\",\"precision\":1001}").statusCode(422)
                .body("details.code", org.hamcrest.Matchers.containsString("precision"));
        api.put(base + "/posts/code", "{\"type\":\"polygon\"}").statusCode(422)
                .body("details.code", org.hamcrest.Matchers.containsString("polygon"));
        api.put(base + "/posts/code", "{\"type\":\"varchar\",\"length\":12}").statusCode(200);
        api.get(base + "/posts/code").statusCode(200)
                .body(equalTo("{\"name\":\"code\",\"type\":\"varchar\",\"length\":12,\"nullable\":true}"));
        api.get(records + "/1").statusCode(200).body("code", equalTo("abcdefghij"));
        // a number column becomes an integer one: the values are kept
        api.put(base + "/posts/score", "{\"type\":\"integer\"}").statusCode(200);
        api.put(records + "/1", "{\"score\": 42}").statusCode(200);
        api.get(base + "/posts/score").statusCode(200).body("type", equalTo(keepsColumnTypes() ? "integer" : "bigint"));
        api.put(base + "/posts/score", "{\"type\":\"decimal\"}").statusCode(200);
        api.get(records + "/1").statusCode(200).body("score", equalTo(42));
        api.delete(records + "/1").statusCode(200);
        api.delete(base + "/posts/code").statusCode(200);
        api.get(base + "/posts").statusCode(200).body(equalTo(POSTS));
    }
}
