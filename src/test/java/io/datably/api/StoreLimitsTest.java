package io.datably.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input within the schema's rules that reaches a limit of the store (PostgreSQL's system columns, LIKE's escape
 * character, the range of dates and numbers) answers a 400 naming the culprit, on every provider where it applies:
 * never a 500, and never a problem without its field.
 */
@QuarkusTest
class StoreLimitsTest {
    private static final String SCHEMA = """
            {"fields":[{"name":"id","type":"integer"},{"name":"name","type":"string"},
                       {"name":"price","type":"number"},{"name":"born","type":"date"},
                       {"name":"created","type":"datetime"},{"name":"meta","type":"object"},
                       {"name":"tags","type":"array"}],
             "primaryKey":["id"]}""";

    private Api api;
    private String records;

    private void table(String provider) {
        api = Api.newTenant();
        records = api.createTable(api.createDataSource(provider), "things", SCHEMA);
        api.post(records, "[{\"id\":1,\"name\":\"a%b\\\\\",\"price\":1.5,\"created\":\"2024-01-01T00:00:00Z\"},"
                + "{\"id\":2,\"name\":\"axb\",\"price\":2}]").statusCode(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ctid", "xmin", "xmax", "cmin", "cmax", "tableoid"})
    void refusesPostgresSystemColumnNamesOnFlatTable(String name) {
        Api api = Api.newTenant();
        String ds = api.createDataSource("flat_table");
        String schema = "{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},{\"name\":\"" + name
                + "\",\"type\":\"string\"}]}";
        problem(api.request().body("{\"name\":\"t\",\"json_schema\":" + schema + "}").post(ds + "/datatables/"),
                "DS201", "json_schema.fields[1].name").body("errors[0].message", containsString(name));
        api.createTable(ds, "ok", "{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},"
                + "{\"name\":\"a\",\"type\":\"string\"}]}");
        problem(api.request().body("{\"json_schema\":{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},"
                + "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"" + name + "\",\"type\":\"string\"}]}}")
                .patch(ds + "/datatables/ok/"), "DS201", "json_schema.fields[2].name");
        problem(api.request().body("{\"json_schema\":{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},"
                + "{\"name\":\"" + name + "\",\"type\":\"string\",\"datably:renamedFrom\":\"a\"}]}}")
                .patch(ds + "/datatables/ok/"), "DS201", "json_schema.fields[1].name");
        // A field name is a jsonb key or a MongoDB field there: no such clash.
        Api other = Api.newTenant();
        other.createTable(other.createDataSource("jsonb"), "t", schema);
    }

    /** LIKE's escape character is the backslash on every provider; a pattern cannot end with it. */
    @ParameterizedTest
    @ValueSource(strings = {"flat_table", "jsonb", "mongodb"})
    void refusesLikePatternsEndingWithTheEscapeCharacter(String provider) {
        table(provider);
        for (String filter : List.of("name__like", "name__ilike")) {
            for (String pattern : List.of("\\", "a%\\", "\\\\\\")) {
                problem(api.request().queryParam(filter, pattern).get(records), "DS101", filter)
                        .body("detail", containsString("escape"));
            }
        }
        assertEquals(List.of(1), ids(api.request().queryParam("name__like", "a\\%b\\\\")));
        assertEquals(List.of(1, 2), ids(api.request().queryParam("name__like", "a_b%")));
    }

    /** Dates and datetimes run from year 1 to 9999 on every provider: in filters and in records. */
    @ParameterizedTest
    @ValueSource(strings = {"flat_table", "jsonb", "mongodb"})
    void refusesDatesBeyondTheDocumentedRange(String provider) {
        table(provider);
        for (String value : List.of("+294277-01-01", "0000-12-31", "10000-01-01", "-0001-01-01")) {
            problem(api.request().queryParam("created__date", value).get(records), "DS101", "created__date");
            problem(api.request().queryParam("born__date", value).get(records), "DS101", "born__date");
            problem(api.request().queryParam("born__gte", value).get(records), "DS101", "born__gte");
            problem(api.request().body("{\"id\":3,\"born\":\"" + value + "\"}").post(records), "DS103", "born");
        }
        for (String value : List.of("+294277-01-01T00:00:00Z", "0000-06-01T00:00:00Z",
                "0001-01-01T00:30:00+01:00", "9999-12-31T23:00:00-02:00")) {
            problem(api.request().queryParam("created__gt", value).get(records), "DS101", "created__gt");
            problem(api.request().body("{\"id\":3,\"created\":\"" + value + "\"}").post(records), "DS103",
                    "created");
        }
        api.post(records, "{\"id\":3,\"born\":\"0001-01-01\",\"created\":\"9999-12-31T23:59:59.999999Z\"}")
                .statusCode(201);
        assertEquals(List.of(3), ids(api.request().queryParam("born__date", "0001-01-01")));
        assertEquals(List.of(3), ids(api.request().queryParam("created__date", "9999-12-31")));
    }

    /** Numbers beyond what the store holds: 400 naming the filter (DS101) or the record's field (DS103). */
    @ParameterizedTest
    @ValueSource(strings = {"flat_table", "jsonb", "mongodb"})
    void refusesNumbersBeyondTheStoreNamingTheCulprit(String provider) {
        table(provider);
        for (String value : List.of("1e400000", "-1e131072", "1e-16384", "1.5e-16383")) {
            problem(api.request().queryParam("price__gt", value).get(records), "DS101", "price__gt");
            problem(api.request().queryParam("price__in", "1," + value).get(records), "DS101", "price__in");
            problem(api.request().body("{\"id\":3,\"price\":" + value + "}").post(records), "DS103", "price");
            problem(api.request().body("{\"id\":3,\"meta\":{\"a\":[" + value + "]}}").post(records), "DS103", "meta");
            problem(api.request().queryParam("tags__has", value).get(records), "DS101", "tags__has");
        }
        if (!provider.equals("mongodb")) {
            // PostgreSQL counts the digits written after the point, even of a zero (Decimal128 rounds them away).
            problem(api.request().queryParam("price__gt", "0e-20000").get(records), "DS101", "price__gt");
            problem(api.request().body("{\"id\":3,\"price\":0e-20000}").post(records), "DS103", "price");
        }
        if (provider.equals("flat_table")) {
            problem(api.request().queryParam("id__gt", "1e30").get(records), "DS101", "id__gt");
            problem(api.request().queryParam("id", "9223372036854775808").get(records), "DS101", "id__eq");
        }
        assertEquals(List.of(1, 2), ids(api.request().queryParam("price__lt", "1e6111")));
    }

    /** A value PostgreSQL cannot hold in an index predicate is refused like the same filter in a list. */
    @ParameterizedTest
    @ValueSource(strings = {"flat_table", "jsonb"})
    void refusesIndexPredicatesWithValuesBeyondTheStore(String provider) {
        table(provider);
        String indexes = records.replace("/records/", "/indexes/");
        for (String value : List.of("1e131073", "-1e400000")) {
            problem(api.request().body(Api.toJson(Map.of("fields", List.of("price"), "where",
                    Map.of("field", "price", "op", "gt", "value", value)))).post(indexes), "DS101", "price__gt");
        }
        api.post(indexes, "{\"name\":\"big\",\"fields\":[\"price\"],\"where\":{\"field\":\"price\",\"op\":\"gt\","
                + "\"value\":\"1e131071\"}}").statusCode(201);
    }

    private List<Integer> ids(RequestSpecification request) {
        return request.queryParam("ordering", "id").get(records).then().log().ifValidationFails().statusCode(200)
                .extract().path("results.id");
    }

    private static ValidatableResponse problem(Response response, String code, String field) {
        return Api.assertProblem(response, 400, code).body("errors[0].field", equalTo(field))
                .body("detail", not(containsString("PostgreSQL error")));
    }
}
