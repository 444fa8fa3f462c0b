package io.datably.provider;

import static org.hamcrest.Matchers.equalTo;

import io.datably.testsupport.Api;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The TreeQL columns API on each provider, for tables Datably made (no PostgreSQL type to read): a field is named by
 * its Frictionless type as flat_table stores it (integer → bigint, string → varchar with maxLength or clob, number →
 * decimal, datetime → timestamp, object → clob), required and key fields are not nullable, one-field foreign keys
 * name their table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ColumnsContractTests {
    private Api api;
    private String base;

    protected abstract String providerType();

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
}
