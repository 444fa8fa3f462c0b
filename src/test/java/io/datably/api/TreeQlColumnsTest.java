package io.datably.api;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datably.testsupport.Api;
import io.datably.testsupport.TenantSchema;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TreeQL columns API on adopted PostgreSQL tables: the structure PHP-CRUD-API prints for the blog fixture's
 * barcodes and products (conformance/treeql/columns-fixtures/003_columns 001-003), answered exactly.
 */
@QuarkusTest
class TreeQlColumnsTest {
    private static final String BARCODES = "{\"name\":\"barcodes\",\"type\":\"table\",\"columns\":["
            + "{\"name\":\"id\",\"type\":\"integer\",\"pk\":true},"
            + "{\"name\":\"product_id\",\"type\":\"integer\",\"fk\":\"products\"},"
            + "{\"name\":\"hex\",\"type\":\"varchar\",\"length\":255},"
            + "{\"name\":\"bin\",\"type\":\"blob\"},"
            + "{\"name\":\"ip_address\",\"type\":\"varchar\",\"length\":15,\"nullable\":true}]}";
    private static final String PRODUCTS = "{\"name\":\"products\",\"type\":\"table\",\"columns\":["
            + "{\"name\":\"id\",\"type\":\"integer\",\"pk\":true},"
            + "{\"name\":\"name\",\"type\":\"varchar\",\"length\":255},"
            + "{\"name\":\"price\",\"type\":\"decimal\",\"precision\":10,\"scale\":2},"
            + "{\"name\":\"properties\",\"type\":\"clob\"},"
            + "{\"name\":\"created_at\",\"type\":\"timestamp\"},"
            + "{\"name\":\"deleted_at\",\"type\":\"timestamp\",\"nullable\":true}]}";

    @Inject
    Pool pool;

    private Api api;
    private String base;

    @BeforeEach
    void adoptedTables() {
        api = Api.newTenant();
        String ds = api.createDataSource("flat_table");
        TenantSchema.run(pool, api, "CREATE TABLE products (id serial PRIMARY KEY, name character varying(255) NOT NULL,"
                + " price decimal(10,2) NOT NULL, properties json NOT NULL, created_at timestamp NOT NULL,"
                + " deleted_at timestamp NULL);"
                + "CREATE TABLE barcodes (id serial PRIMARY KEY, product_id integer NOT NULL REFERENCES products(id),"
                + " hex character varying(255) NOT NULL, bin bytea NOT NULL, ip_address character varying(15));"
                + "CREATE VIEW product_names AS SELECT id, name FROM products");
        api.post(ds + "/adopt/", "{}").statusCode(200);
        base = ds + "/columns";
    }

    @Test
    void readsTheDatabaseTablesAndColumnsAsPhpCrudApiPrintsThem() {
        api.get(base).statusCode(200).contentType("application/json; charset=utf-8")
                .body(equalTo("{\"tables\":[" + BARCODES + ",{\"name\":\"product_names\",\"type\":\"view\","
                        + "\"columns\":[{\"name\":\"id\",\"type\":\"integer\",\"pk\":true},"
                        + "{\"name\":\"name\",\"type\":\"varchar\",\"length\":255}]},"
                        + PRODUCTS + "]}"));
        api.get(base + "/barcodes").statusCode(200).body(equalTo(BARCODES));
        api.get(base + "/barcodes/id").statusCode(200).body(equalTo("{\"name\":\"id\",\"type\":\"integer\",\"pk\":true}"));
        api.get(base + "/barcodes/ip_address").statusCode(200)
                .body(equalTo("{\"name\":\"ip_address\",\"type\":\"varchar\",\"length\":15,\"nullable\":true}"));
    }

    @Test
    void unknownTablesAndColumnsAnswerTreeQlCodes() {
        api.get(base + "/nope").statusCode(404).contentType("application/json; charset=utf-8")
                .body(equalTo("{\"code\":1001,\"message\":\"Table 'nope' not found\"}"));
        api.get(base + "/barcodes/nope").statusCode(404)
                .body(equalTo("{\"code\":1005,\"message\":\"Column 'nope' not found\"}"));
        api.get(base + "/nope/id").statusCode(404).body("code", equalTo(1001));
    }

    @Test
    void columnChangesAreSchemaMigrationsWithHistoryAndRollback() {
        String operations = base.replace("/columns", "/datatables/barcodes/operations");
        int before = api.get(operations).statusCode(200).extract().path("count");
        // nullable (fixture 005): DROP NOT NULL, then back
        api.put(base + "/barcodes/product_id", "{\"nullable\":true}").statusCode(200).body(equalTo("true"));
        api.get(base + "/barcodes/product_id").statusCode(200)
                .body(equalTo("{\"name\":\"product_id\",\"type\":\"integer\",\"nullable\":true,\"fk\":\"products\"}"));
        TenantSchema.run(pool, api, "INSERT INTO products (name, price, properties, created_at) VALUES"
                + " ('p', 1, '{}', now()); INSERT INTO barcodes (product_id, hex, bin) VALUES (NULL, 'aa', '\\x00')");
        // A NULL stored meanwhile refuses NOT NULL: the migration's record check, as TreeQL's integrity error.
        api.put(base + "/barcodes/product_id", "{\"nullable\":false}").statusCode(409).body("code", equalTo(1010));
        TenantSchema.run(pool, api, "DELETE FROM barcodes");
        api.put(base + "/barcodes/product_id", "{\"nullable\":false}").statusCode(200).body(equalTo("true"));
        api.get(base + "/barcodes/product_id").statusCode(200)
                .body(equalTo("{\"name\":\"product_id\",\"type\":\"integer\",\"fk\":\"products\"}"));
        // pk on a key that already is one, or off a column that is none (fixture 006): nothing to migrate
        api.put(base + "/barcodes/id", "{\"pk\":true}").statusCode(200).body(equalTo("true"));
        api.put(base + "/barcodes/hex", "{\"pk\":false}").statusCode(200).body(equalTo("true"));
        // fk removed and added again (fixture 007)
        api.put(base + "/barcodes/product_id", "{\"fk\":\"\"}").statusCode(200).body(equalTo("true"));
        api.get(base + "/barcodes/product_id").statusCode(200)
                .body(equalTo("{\"name\":\"product_id\",\"type\":\"integer\"}"));
        // The store stops enforcing it too (an adopted table's constraint has PostgreSQL's own name).
        TenantSchema.run(pool, api, "INSERT INTO barcodes (product_id, hex, bin) VALUES (999, 'aa', '\\x00');"
                + "DELETE FROM barcodes");
        api.put(base + "/barcodes/product_id", "{\"fk\":\"products\"}").statusCode(200).body(equalTo("true"));
        api.get(base + "/barcodes/product_id").statusCode(200)
                .body(equalTo("{\"name\":\"product_id\",\"type\":\"integer\",\"fk\":\"products\"}"));
        // a rename keeping the type (fixture 004 without its type change)
        api.put(base + "/barcodes/hex", "{\"name\":\"hex2\",\"type\":\"varchar\",\"length\":255}").statusCode(200);
        api.get(base + "/barcodes/hex2").statusCode(200)
                .body(equalTo("{\"name\":\"hex2\",\"type\":\"varchar\",\"length\":255}"));
        api.get(base + "/barcodes/hex").statusCode(404).body("code", equalTo(1005));
        // every change is a SchemaOperation of the datatable; the last one rolls back
        var history = api.get(operations).statusCode(200).extract().jsonPath();
        int count = history.getInt("count");
        // five applied changes (the refused NOT NULL and the no-op pk changes leave no operation)
        org.junit.jupiter.api.Assertions.assertEquals(before + 5, count, history.prettify());
        Object last = history.getList("results.id").get(count - 1);
        api.post(base.replace("/columns", "/datatables/barcodes/operations/" + last + "/rollback"), "").statusCode(200);
        api.get(base + "/barcodes/hex").statusCode(200)
                .body(equalTo("{\"name\":\"hex\",\"type\":\"varchar\",\"length\":255}"));
    }

    /** Fixture 008: a table renamed and back; its records, its foreign key and the physical table stay put. */
    @Test
    void renamesATableLogically() {
        TenantSchema.run(pool, api, "INSERT INTO products (name, price, properties, created_at) VALUES"
                + " ('p', 1, '{}', now()); INSERT INTO barcodes (product_id, hex, bin) VALUES (1, 'aa', '\\x00')");
        api.put(base + "/barcodes", "{\"name\":\"barcodes2\"}").statusCode(200)
                .contentType("application/json; charset=utf-8").body(equalTo("true"));
        api.get(base + "/barcodes2").statusCode(200).body(equalTo(BARCODES.replace("\"barcodes\"", "\"barcodes2\"")));
        api.get(base + "/barcodes").statusCode(404)
                .body(equalTo("{\"code\":1001,\"message\":\"Table 'barcodes' not found\"}"));
        String records = base.replace("/columns", "/records/");
        api.get(records + "barcodes2/1?join=products").statusCode(200).body("hex", equalTo("aa"))
                .body("product_id.name", equalTo("p"));
        api.get(records + "products/1?join=barcodes2").statusCode(200).body("barcodes2[0].hex", equalTo("aa"));
        api.get(records + "barcodes/1").statusCode(404).body("code", equalTo(1001));
        // The physical table keeps its name: SQL written against it still runs.
        TenantSchema.run(pool, api, "UPDATE barcodes SET hex = 'bb'");
        api.get(records + "barcodes2/1").statusCode(200).body("hex", equalTo("bb"));
        // Taken names (the other table's), unknown tables, bodies without a name or not JSON objects
        api.put(base + "/barcodes2", "{\"name\":\"products\"}").statusCode(409)
                .body(equalTo("{\"code\":1009,\"message\":\"Duplicate key exception\"}"));
        api.put(base + "/nope", "{\"name\":\"nope2\"}").statusCode(404).body("code", equalTo(1001));
        api.put(base + "/barcodes2", "{\"type\":\"table\"}").statusCode(422).body("code", equalTo(1013))
                .body("details.name", org.hamcrest.Matchers.containsString("new name"));
        api.put(base + "/barcodes2", "{\"name\":\"bad name!\"}").statusCode(422).body("code", equalTo(1013))
                .body("details.name", org.hamcrest.Matchers.containsString("characters"));
        api.put(base + "/barcodes2", "[1]").statusCode(422).body("code", equalTo(1008));
        // Back again, with a key PHP-CRUD-API ignores here, ignored too
        api.put(base + "/barcodes2", "{\"name\":\"barcodes\",\"type\":\"table\"}").statusCode(200)
                .body(equalTo("true"));
        api.get(base + "/barcodes").statusCode(200).body(equalTo(BARCODES));
        api.get(base + "/barcodes2").statusCode(404).body("code", equalTo(1001));
        var history = api.get(base.replace("/columns", "/datatables/barcodes/operations")).statusCode(200)
                .extract().jsonPath();
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("barcodes", "barcodes2"),
                history.getList("results.findAll { it.operation == 'rename' }.name_before"), history.prettify());
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("barcodes2", "barcodes"),
                history.getList("results.findAll { it.operation == 'rename' }.name_after"), history.prettify());
    }

    @Test
    void typeChangesAlterTheColumnToThePhpCrudApiType() {
        TenantSchema.run(pool, api, "INSERT INTO products (name, price, properties, created_at) VALUES"
                + " ('p', 1, '{}', now()); INSERT INTO barcodes (product_id, hex, bin) VALUES (1, 'aa', '\\x00')");
        // fixture 004: a rename and a type change of the key in one, and back
        api.put(base + "/barcodes/id", "{\"name\":\"id2\",\"type\":\"bigint\"}").statusCode(200).body(equalTo("true"));
        api.get(base + "/barcodes/id2").statusCode(200).body(equalTo("{\"name\":\"id2\",\"type\":\"bigint\",\"pk\":true}"));
        assertEquals("bigint", TenantSchema.columnType(pool, api, "barcodes", "id2"));
        api.put(base + "/barcodes/id2", "{\"name\":\"id\",\"type\":\"integer\"}").statusCode(200);
        api.get(base + "/barcodes/id").statusCode(200).body(equalTo("{\"name\":\"id\",\"type\":\"integer\",\"pk\":true}"));
        assertEquals("integer", TenantSchema.columnType(pool, api, "barcodes", "id"));
        // fixture 009: varchar(255) to clob (text) and back
        api.put(base + "/barcodes/hex", "{\"type\":\"clob\"}").statusCode(200).body(equalTo("true"));
        api.get(base + "/barcodes/hex").statusCode(200).body(equalTo("{\"name\":\"hex\",\"type\":\"clob\"}"));
        assertEquals("text", TenantSchema.columnType(pool, api, "barcodes", "hex"));
        api.put(base + "/barcodes/hex", "{\"type\":\"varchar\",\"length\":255}").statusCode(200);
        api.get(base + "/barcodes/hex").statusCode(200)
                .body(equalTo("{\"name\":\"hex\",\"type\":\"varchar\",\"length\":255}"));
        assertEquals("character varying(255)", TenantSchema.columnType(pool, api, "barcodes", "hex"));
        // decimal precision and scale, then a type the values do not fit (PostgreSQL is never asked)
        api.put(base + "/products/price", "{\"type\":\"decimal\",\"precision\":12,\"scale\":3}").statusCode(200);
        assertEquals("numeric(12,3)", TenantSchema.columnType(pool, api, "products", "price"));
        api.put(base + "/barcodes/hex", "{\"type\":\"integer\"}").statusCode(409).body("code", equalTo(1010));
        assertEquals("character varying(255)", TenantSchema.columnType(pool, api, "barcodes", "hex"));
        api.get(base.replace("/columns", "/records/barcodes/1")).statusCode(200).body("hex", equalTo("aa"))
                .body("bin", equalTo("AA=="));
        api.put(base + "/barcodes/nope", "{\"nullable\":true}").statusCode(404).body("code", equalTo(1005));
        api.put(base + "/barcodes/id", "[1]").statusCode(422).body("code", equalTo(1008));
    }

    @Test
    void addsAndDropsColumnsOfAnAdoptedTable() {
        // fixture 011: the column is made with the type asked for
        api.post(base + "/barcodes", "{\"name\":\"alternative_product_id\",\"type\":\"integer\","
                + "\"nullable\":true,\"fk\":\"products\"}").statusCode(200).body(equalTo("true"));
        api.get(base + "/barcodes/alternative_product_id").statusCode(200).body(equalTo("{\"name\":"
                + "\"alternative_product_id\",\"type\":\"integer\",\"nullable\":true,\"fk\":\"products\"}"));
        assertEquals("integer", TenantSchema.columnType(pool, api, "barcodes", "alternative_product_id"));
        TenantSchema.run(pool, api, "INSERT INTO products (name, price, properties, created_at) VALUES"
                + " ('p', 1, '{}', now()); INSERT INTO barcodes (product_id, hex, bin) VALUES (1, 'aa', '\\x00')");
        // a required column on a table that holds records: nothing to give them
        api.post(base + "/barcodes", "{\"name\":\"serial_no\",\"type\":\"varchar\",\"length\":20}")
                .statusCode(409).body("code", equalTo(1010));
        api.delete(base + "/barcodes/alternative_product_id").statusCode(200).body(equalTo("true"));
        api.get(base + "/barcodes").statusCode(200).body(equalTo(BARCODES));
        api.get(base.replace("/columns", "/records/barcodes/1")).statusCode(200).body("hex", equalTo("aa"));
    }
}
