package io.datably.api;

import static org.hamcrest.Matchers.equalTo;

import io.datably.testsupport.Api;
import io.datably.testsupport.TenantSchema;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The TreeQL records API on an adopted table: shapes, filters, paging, writes and error codes (first increment). */
@QuarkusTest
class TreeQlBasicsTest {
    @Inject
    Pool pool;

    private Api api;
    private String base;

    @BeforeEach
    void adoptedTable() {
        api = Api.newTenant();
        String ds = api.createDataSource("flat_table");
        TenantSchema.run(pool, api, "CREATE TABLE products (id serial PRIMARY KEY, name varchar(50) NOT NULL,"
                + "  price numeric(10,2), created timestamp, stock bigint,"
                + "  touched timestamp DEFAULT now());"
                + "INSERT INTO products (name, price, created, stock) VALUES ('a', 1.5, '2016-01-01 13:01:01', 7),"
                + "  ('b', 23.01, NULL, NULL), ('c', NULL, NULL, NULL)");
        api.post(ds + "/adopt/", "{}").statusCode(200);
        base = ds + "/records/products";
    }

    @Test
    void readsInTreeQlShapesAndEncodings() {
        api.get(base).statusCode(200).contentType("application/json; charset=utf-8")
                .body("records.id", equalTo(List.of(1, 2, 3)))
                .body("records[0].price", equalTo("1.50"))
                .body("records[0].created", equalTo("2016-01-01 13:01:01"));
        api.get(base + "?filter=price,nis&filter1=name,eq,a&filter2=name,eq,b&order=id,desc&page=1,1").statusCode(200)
                .body("records.id", equalTo(List.of(2))).body("results", equalTo(2));
        api.get(base + "?filter=name,ncs,a&include=name").statusCode(200)
                .body("records", equalTo(List.of(java.util.Map.of("name", "b"), java.util.Map.of("name", "c"))));
        api.get(base + "/2").statusCode(200).body("name", equalTo("b"));
        api.get(base + "/3,1").statusCode(200).body("id", equalTo(List.of(3, 1)));
    }

    @Test
    void writesAnswerKeysAndCounts() {
        api.post(base, "{\"name\": \"d\", \"price\": \"2.00\", \"unknown\": 1}").statusCode(200).body(equalTo("4"));
        api.put(base + "/4", "{\"id\": 9, \"name\": \"e\"}").statusCode(200).body(equalTo("1"));
        api.get(base + "/4").statusCode(200).body("name", equalTo("e")).body("price", equalTo("2.00"));
        api.delete(base + "/4").statusCode(200).body(equalTo("1"));
        // Form bodies, include on writes, arrays for one id.
        api.request().contentType("application/x-www-form-urlencoded").body("name=f%20g&price=3").post(base).then()
                .statusCode(200).body(equalTo("5"));
        api.put(base + "/5?include=price", "{\"name\": \"ignored\", \"price\": 4}").statusCode(200);
        api.get(base + "/5?include=name,price").statusCode(200).body("name", equalTo("f g"))
                .body("price", equalTo("4.00")).body("id", org.hamcrest.Matchers.nullValue());
        api.put(base + "/5", "[{\"name\": \"h\"}]").statusCode(200).body(equalTo("[1]"));
        api.put(base + "/5?include=nope", "{\"name\": \"z\"}").statusCode(200).body(equalTo("0"));
        // An array create is one write: all records, or none.
        api.post(base, "[{\"name\": \"i\"}, {\"name\": \"j\"}]").statusCode(200).body(equalTo("[6,7]"));
        api.post(base, "[{\"name\": \"k\"}, {\"name\": 5}]").statusCode(424);
        api.get(base + "?filter=name,eq,k").statusCode(200).body("records.size()", equalTo(0));
    }

    @Test
    void putSetsNullableTimestampAndBigintColumnsToNull() {
        api.put(base + "/1", "{\"created\": null, \"stock\": null, \"touched\": null}").statusCode(200)
                .body(equalTo("1"));
        api.get(base + "/1").statusCode(200).body("created", org.hamcrest.Matchers.nullValue())
                .body("stock", org.hamcrest.Matchers.nullValue()).body("touched", org.hamcrest.Matchers.nullValue())
                .body("name", equalTo("a"));
        // A record as TreeQL prints it (timestamps as 2016-01-02 03:04:05) is taken back as written: no 1013.
        api.put(base + "/1", "{\"created\": \"2016-01-02 03:04:05\", \"stock\": 9007199254740993}")
                .statusCode(200);
        api.get(base + "/1").statusCode(200).body("created", equalTo("2016-01-02 03:04:05"));
        String read = api.get(base + "/2").statusCode(200).extract().asString();
        api.put(base + "/2", read.replace("\"stock\":null", "\"stock\":3")).statusCode(200).body(equalTo("1"));
        api.request().contentType("application/x-www-form-urlencoded").body("created__is_null&stock__is_null")
                .put(base + "/1").then().statusCode(200);
        api.get(base + "/1").statusCode(200).body("created", org.hamcrest.Matchers.nullValue())
                .body("stock", org.hamcrest.Matchers.nullValue());
        // Several records at once, and null by form body too.
        api.put(base + "/1,2", "[{\"created\": null}, {\"stock\": null}]").statusCode(200).body(equalTo("[1,1]"));
        api.get(base + "/1").statusCode(200).body("created", org.hamcrest.Matchers.nullValue());
        api.put(base + "/2", "{\"name\": null}").statusCode(409).body("code", equalTo(1010));
    }

    @Test
    void errorsCarryTreeQlCodes() {
        api.get(base.replace("products", "nope")).statusCode(404).body("code", equalTo(1001));
        api.get(base.replace("/records/products", "/postzzz")).statusCode(404)
                .contentType("application/json; charset=utf-8").body("code", equalTo(1000))
                .body("message", equalTo("Route '/postzzz' not found"));
        // The native API's namespace keeps its own problem documents.
        api.get(base.replace("/records/products", "/datatables/products/nonsense/x/y")).statusCode(404)
                .contentType("application/problem+json");
        api.get(base + "/99").statusCode(404).body("code", equalTo(1003));
        api.post(base, "[\"trunc").statusCode(422).body("code", equalTo(1008));
        api.put(base + "/1,2", "{\"name\": \"x\"}").statusCode(422).body("code", equalTo(1002));
        api.post(base, "{\"name\": 5}").statusCode(422).body("code", equalTo(1013));
        api.post(base, "{\"price\": 1}").statusCode(409).body("code", equalTo(1010));
    }
}
