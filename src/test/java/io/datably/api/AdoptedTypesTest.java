package io.datably.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datably.testsupport.Api;
import io.datably.testsupport.TenantSchema;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Adopted columns of PostgreSQL types the schema has no type for (money, ranges, xml, inet, cidr, enums): every
 * operator family either answers the right records or a 400 naming the parameter, never a 500. Such string fields
 * compare by their text form and are not ordered; money is a number.
 */
@QuarkusTest
class AdoptedTypesTest {
    /** The text-form columns, with row 1's value and a part of it. */
    private static final Map<String, List<String>> TEXT_FORM = Map.of(
            "span", List.of("[1,5)", "1,5"),
            "during", List.of("[\"2024-01-01 00:00:00+00\",\"2024-02-01 00:00:00+00\")", "2024-01"),
            "doc", List.of("<a>x</a>", "a>x"),
            "ip", List.of("10.0.0.1", "0.0"),
            "net", List.of("10.0.0.0/8", "0/8"),
            "feel", List.of("happy", "app"),
            "dur", List.of("P1DT2H30M", "DT2"));

    @Inject
    Pool pool;

    private Api api;
    private String records;

    @BeforeEach
    void adoptedTable() {
        api = Api.newTenant();
        String ds = api.createDataSource("flat_table");
        TenantSchema.run(pool, api, "SET TIME ZONE 'UTC'; CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');"
                + "CREATE TABLE odd (id serial PRIMARY KEY, price money, span int4range, during tstzrange, doc xml,"
                + "  ip inet, net cidr, feel mood, dur interval, small numeric(4,1));"
                + "INSERT INTO odd (price, span, during, doc, ip, net, feel, dur) VALUES"
                + "  (1.5, '[1,5)', '[2024-01-01,2024-02-01)', '<a>x</a>', '10.0.0.1', '10.0.0.0/8', 'happy',"
                + "   '1 day 02:30:00'),"
                + "  (20, '[3,9)', null, '<b>y</b>', '192.168.1.10', '192.168.0.0/16', 'sad', '-3 hours'),"
                + "  (null, null, null, null, null, null, null, null);"
                + "RESET TIME ZONE");
        api.post(ds + "/adopt/", "{}").statusCode(200);
        records = ds + "/datatables/odd/records/";
    }

    @Test
    void textFormColumnsCompareByTextAndAreNotOrdered() {
        api.get(records + "?ordering=id").statusCode(200).body("results[0].ip", equalTo("10.0.0.1"))
                .body("results[0].feel", equalTo("happy")).body("results[0].span", equalTo("[1,5)"))
                .body("results[0].price", equalTo(1.5f));
        TEXT_FORM.forEach((column, sample) -> {
            String value = sample.get(0);
            assertEquals(List.of(1), ids(column, value), column);
            String other = column.equals("dur") ? "P9D" : "zzz"; // a value of the field's type that no row holds
            assertEquals(List.of(1), listed(column, "in", List.of(value, other)), column);
            assertEquals(List.of(2, 3), ids(column + "__ne", value), column);
            assertEquals(List.of(2, 3), listed(column, "nin", List.of(value)), column);
            assertEquals(column.equals("during") ? List.of(2, 3) : List.of(3), ids(column + "__isnull", "true"));
            assertEquals(List.of(1), ids(column + "__contains", sample.get(1)), column);
            assertEquals(List.of(1), ids(column + "__icontains", sample.get(1).toUpperCase()), column);
            assertEquals(List.of(1), ids(column + "__like", "%" + sample.get(1) + "%"), column);
            assertEquals(List.of(1), ids(column + "__startswith", value.substring(0, 2)), column);
            for (String op : List.of("gt", "gte", "lt", "lte")) {
                refused(api.request().queryParam(column + "__" + op, value).get(records), column + "__" + op);
            }
            refused(api.request().queryParam(column + "__range", value + "," + value).get(records),
                    column + "__range");
            refused(api.request().queryParam("ordering", "-" + column).get(records), "ordering");
            api.get(records + "aggregate/?group_by=" + column + "&aggregates=count(*),count_distinct(" + column + ")")
                    .statusCode(200).body("results.size()", equalTo(column.equals("during") ? 2 : 3));
            refused(api.request().queryParam("aggregates", "max(" + column + ")").get(records + "aggregate/"),
                    "aggregates");
        });
        // Written through each column's own type, read back as its text form.
        api.post(records, "{\"span\": \"[2,4)\", \"ip\": \"::1\", \"feel\": \"ok\", \"doc\": \"<c/>\", "
                + "\"dur\": \"PT5M\"}").statusCode(201).body("span", equalTo("[2,4)")).body("ip", equalTo("::1"))
                .body("feel", equalTo("ok")).body("dur", equalTo("PT5M"));
        api.patch(records + "4/", "{\"feel\": \"sad\", \"net\": \"10.1.0.0/16\"}").statusCode(200)
                .body("feel", equalTo("sad")).body("net", equalTo("10.1.0.0/16"));
        assertEquals(List.of(2, 4), ids("feel", "sad"));
        api.delete(records + "4/").statusCode(204);
        assertEquals(List.of(1), ids("ip__regex", "^10\\."));
        assertEquals(List.of(1), ids("search", "happy"));
    }

    /**
     * An interval reads as an ISO 8601 duration whatever the session's IntervalStyle (so a value read can be written
     * back and used in a filter): a negative one with XML Schema's leading sign, mixed signs per part as PostgreSQL's
     * iso_8601 style writes them. Written durations go through the column's own type.
     */
    @Test
    void intervalsReadAsIsoDurations() {
        TenantSchema.run(pool, api, "SET intervalstyle = 'sql_standard'; INSERT INTO odd (id, dur) VALUES"
                + "  (10, '1 year 2 mons 3 days 04:05:06.5'), (11, '0'), (12, '-1 day -02:00:00'),"
                + "  (13, '1 mon -2 days'), (14, '36 hours'), (15, '0.000001 s'); RESET intervalstyle");
        Map<Integer, String> expected = Map.of(10, "P1Y2M3DT4H5M6.5S", 11, "PT0S", 12, "-P1DT2H", 13, "P1M-2D",
                14, "PT36H", 15, "PT0.000001S");
        expected.forEach((id, iso) -> {
            api.get(records + id + "/").statusCode(200).body("dur", equalTo(iso));
            if (id != 13) { // mixed signs are no schema duration: not a filter value
                assertEquals(List.of(id), ids("dur", iso), iso);
            }
        });
        api.post(records, "{\"dur\": \"-P1DT2H\"}").statusCode(201).body("dur", equalTo("-P1DT2H"));
        api.put(records + "11/", "{\"dur\": \"PT90M\"}").statusCode(200).body("dur", equalTo("PT1H30M"));
        assertEquals(List.of(1, 11), ids("dur__endswith", "30M"));
        api.get(records + "aggregate/?group_by=dur&aggregates=count(*)&dur__startswith=-").statusCode(200)
                .body("results.dur", equalTo(List.of("-P1DT2H", "-PT3H")));
    }

    /**
     * PostgreSQL refuses an invalid enum value, address, range or XML, an interval out of range or a number beyond
     * a numeric(p,s) column without naming the column: the answer names the field (and, in a batch, the record) on
     * every write path, the native API's and TreeQL's.
     */
    @Test
    void aValueTheColumnRefusesIsNamed() {
        refusedValue(api.request().body("{\"feel\": \"nope\"}").post(records), "feel");
        refusedValue(api.request().body("[{\"feel\": \"nope\"}]").post(records), "[0].feel");
        refusedValue(api.request().body("[{\"ip\": \"10.0.0.9\"}, {\"feel\": \"ok\"}, {\"ip\": \"10.0.0.300\"}]")
                .post(records), "[2].ip");
        refusedValue(api.request().body("{\"feel\": \"ok\", \"net\": \"10.0.0.1/8\"}").put(records + "1/"), "net");
        refusedValue(api.request().body("{\"span\": \"[5,1)\"}").patch(records + "1/"), "span");
        refusedValue(api.request().body("{\"doc\": \"<a>\"}").patch(records + "1/"), "doc");
        refusedValue(api.request().body("{\"dur\": \"P99999999999Y\"}").patch(records + "1/"), "dur");
        refusedValue(api.request().body("{\"small\": 12345}").patch(records + "1/"), "small");
        String treeql = records.replace("/datatables/odd/records/", "/records/odd");
        api.post(treeql, "{\"feel\": \"nope\"}").statusCode(422).body("code", equalTo(1013))
                .body("details.feel", containsString("nope"));
        api.put(treeql + "/1", "{\"ip\": \"nope\"}").statusCode(422).body("code", equalTo(1013))
                .body("details.ip", containsString("inet"));
        api.get(records + "1/").statusCode(200).body("ip", equalTo("10.0.0.1")).body("feel", equalTo("happy"));
        assertEquals(3, api.get(records).statusCode(200).extract().<Integer>path("count"));
    }

    private static void refusedValue(Response response, String field) {
        Api.assertProblem(response, 400, "DS103").body("errors[0].field", equalTo(field))
                .body("errors[0].message", containsString("refuses"));
    }

    @Test
    void moneyIsANumber() {
        assertEquals(List.of(1), ids("price", "1.5"));
        assertEquals(List.of(2), ids("price__gt", "1.5"));
        assertEquals(List.of(1, 2), ids("price__range", "1,20"));
        assertEquals(List.of(2, 3), ids("price__nin", "1.50"));
        assertEquals(List.of(1, 2, 3), api.request().queryParam("ordering", "price").get(records).then()
                .statusCode(200).extract().path("results.id"));
        api.get(records + "aggregate/?aggregates=sum(price),avg(price),min(price),max(price)").statusCode(200)
                .body("results[0].sum_price", equalTo(21.5f)).body("results[0].max_price", equalTo(20.0f));
        refused(api.request().queryParam("price__contains", "1").get(records), "price__contains");
        api.post(records, "{\"price\": 3.25}").statusCode(201).body("price", equalTo(3.25f));
    }

    private List<Integer> ids(String parameter, String value) {
        return api.request().queryParam(parameter, value).queryParam("ordering", "id").get(records).then()
                .log().ifValidationFails().statusCode(200).extract().path("results.id");
    }

    /** {@code in} and {@code nin} through the JSON form: the text forms hold commas. */
    private List<Integer> listed(String field, String op, List<String> values) {
        String body = Api.toJson(Map.of("where", Map.of("field", field, "op", op, "value", values),
                "order_by", List.of("id")));
        return api.post(records + "query/", body).statusCode(200).extract().path("results.id");
    }

    private static void refused(Response response, String parameter) {
        Api.assertProblem(response, 400, "DS101").body("errors[0].field", equalTo(parameter));
    }
}
