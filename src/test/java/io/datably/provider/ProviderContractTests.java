package io.datably.provider;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.testsupport.Api;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviours every provider must show through the records API, run against each provider by a subclass.
 * Expected values are written out here, independently of the code under test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ProviderContractTests {
    static final String USERS = """
            {"fields":[
              {"name":"id","type":"integer","constraints":{"required":true}},
              {"name":"email","type":"string","format":"email","constraints":{"required":true,"unique":true}},
              {"name":"name","type":"string","constraints":{"minLength":2}},
              {"name":"age","type":"integer","constraints":{"minimum":0,"maximum":150}},
              {"name":"created_at","type":"datetime"}],
             "primaryKey":["id"]}""";

    /** One field of every type; values below are sent in string form where the spec allows it. */
    static final String EVERY_TYPE = """
            {"fields":[
              {"name":"id","type":"integer"},
              {"name":"s","type":"string"},
              {"name":"n","type":"number"},
              {"name":"b","type":"boolean"},
              {"name":"d","type":"date"},
              {"name":"t","type":"time"},
              {"name":"dt","type":"datetime"},
              {"name":"y","type":"year"},
              {"name":"ym","type":"yearmonth"},
              {"name":"du","type":"duration"},
              {"name":"o","type":"object"},
              {"name":"a","type":"array"},
              {"name":"l","type":"list","itemType":"integer"},
              {"name":"g","type":"geopoint"},
              {"name":"gj","type":"geojson"},
              {"name":"x","type":"any"},
              {"name":"r","type":"string"},
              {"name":"big","type":"integer"},
              {"name":"dec","type":"number"}],
             "primaryKey":["id"]}""";

    private Api api;
    private String datasource;

    protected abstract String providerType();

    /** Once per class, but in @BeforeEach: REST Assured's random test port is only set up around each test. */
    @BeforeEach
    void createDataSourceOnce() {
        if (api == null) {
            api = Api.newTenant();
            datasource = api.createDataSource(providerType());
        }
    }

    private String newTable(String schema) {
        return api.createTable(datasource, "t_" + Api.unique(), schema);
    }

    @Test
    void storesAndReturnsEveryTypeInCanonicalForm() {
        String records = newTable(EVERY_TYPE);
        String sent = """
                {"id":"7","s":"h\\u00e9llo \\"q\\" 'x' \\ud83d\\ude00","n":"1.50","b":"true","d":"2024-02-29",
                 "t":"13:45:00+01:00","dt":"2024-10-30T12:00:00.500+02:00","y":"2024","ym":"2024-05","du":"P1DT2H",
                 "o":{"k":[1,2.5]},"a":[1,"x",null],"l":"1,2,3","g":"10.5, -20.25",
                 "gj":{"type":"Point","coordinates":[1,2]},"x":"1","r":"row","big":9007199254740993,"dec":-0.000123}""";
        JsonNode expected = Api.json("""
                {"id":7,"s":"h\\u00e9llo \\"q\\" 'x' \\ud83d\\ude00","n":1.50,"b":true,"d":"2024-02-29",
                 "t":"12:45:00","dt":"2024-10-30T10:00:00.5Z","y":2024,"ym":"2024-05","du":"P1DT2H",
                 "o":{"k":[1,2.5]},"a":[1,"x",null],"l":[1,2,3],"g":{"lon":10.5,"lat":-20.25},
                 "gj":{"type":"Point","coordinates":[1,2]},"x":"1","r":"row","big":9007199254740993,"dec":-0.000123}""");
        assertEquals(expected, Api.json(api.post(records, sent).statusCode(201).extract().asString()));
        assertEquals(expected, Api.json(api.get(records + "7").statusCode(200).extract().asString()));
        assertEquals(expected, Api.json(api.get(records).statusCode(200).extract().asString()).get("results").get(0));
    }

    @Test
    void storesNullsForAbsentOptionalFields() {
        String records = newTable(USERS);
        api.post(records, "{\"id\":1,\"email\":\"a@b.co\"}").statusCode(201)
                .body("id", equalTo(1)).body("name", nullValue()).body("age", nullValue());
    }

    @Test
    void createsManyAllOrNothing() {
        String records = newTable(USERS);
        api.post(records, "[{\"id\":1,\"email\":\"a@b.co\"},{\"id\":2,\"email\":\"b@b.co\"}]").statusCode(201)
                .body("id", equalTo(java.util.List.of(1, 2)));
        // The third record repeats key 1: nothing of this batch may be stored.
        api.post(records, "[{\"id\":3,\"email\":\"c@b.co\"},{\"id\":4,\"email\":\"d@b.co\"},{\"id\":1,\"email\":\"e@b.co\"}]")
                .statusCode(409).body("code", equalTo("DS110"));
        api.get(records).statusCode(200).body("count", equalTo(2));
        api.get(records + "3").statusCode(404);
    }

    @Test
    void rejectsDuplicateKeyAndDuplicateUniqueValue() {
        String records = newTable(USERS);
        api.post(records, "{\"id\":1,\"email\":\"a@b.co\"}").statusCode(201);
        api.post(records, "{\"id\":1,\"email\":\"z@b.co\"}").statusCode(409).body("code", equalTo("DS110"));
        api.post(records, "{\"id\":2,\"email\":\"a@b.co\"}").statusCode(409).body("code", equalTo("DS110"))
                .body("detail", containsString("email"));
        api.get(records).body("count", equalTo(1));
    }

    /**
     * A duplicate or a broken reference names its fields in the API's terms, one {@code errors} entry per field, on
     * every provider; no answer shows a physical table or schema name, PostgreSQL's key expressions or Java names.
     */
    @Test
    void namesTheFieldsOfDuplicatesAndBrokenReferences() {
        String users = newTable("""
                {"fields":[{"name":"id","type":"integer"},{"name":"email","type":"string","constraints":{"unique":true}},
                  {"name":"a","type":"string"},{"name":"b","type":"string"}],
                 "primaryKey":["id"],"uniqueKeys":[["a","b"]]}""");
        String usersName = users.replaceAll(".*/datatables/([^/]+)/records/", "$1");
        String pairs = newTable("""
                {"fields":[{"name":"x","type":"integer"},{"name":"y","type":"string"}],"primaryKey":["x","y"]}""");
        String books = newTable("{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},"
                + "{\"name\":\"user_id\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"],"
                + "\"foreignKeys\":[{\"fields\":[\"user_id\"],\"reference\":{\"resource\":\"" + usersName
                + "\",\"fields\":[\"id\"]}}]}");
        api.post(users, "{\"id\":1,\"email\":\"a@b.co\",\"a\":\"p\",\"b\":\"q\"}").statusCode(201);
        api.post(users, "{\"id\":2,\"email\":\"b@b.co\",\"a\":\"p\",\"b\":\"r\"}").statusCode(201);
        api.post(pairs, "{\"x\":1,\"y\":\"a\"}").statusCode(201);
        api.post(books, "{\"id\":1,\"user_id\":1}").statusCode(201);

        culprits(api.post(users, "{\"id\":1,\"email\":\"z@b.co\",\"a\":\"z\",\"b\":\"z\"}"), 409, "DS110", "id");
        culprits(api.post(users, "[{\"id\":7,\"email\":\"m@b.co\",\"a\":\"m\",\"b\":\"m\"},"
                + "{\"id\":7,\"email\":\"n@b.co\",\"a\":\"n\",\"b\":\"n\"}]"), 409, "DS110", "id");
        culprits(api.post(users, "{\"id\":3,\"email\":\"a@b.co\",\"a\":\"z\",\"b\":\"z\"}"), 409, "DS110",
                "email");
        culprits(api.post(users, "{\"id\":3,\"email\":\"c@b.co\",\"a\":\"p\",\"b\":\"q\"}"), 409, "DS110",
                "a", "b");
        culprits(api.patch(users + "2", "{\"email\":\"a@b.co\"}"), 409, "DS110", "email");
        culprits(api.post(pairs, "{\"x\":1,\"y\":\"a\"}"), 409, "DS110", "x", "y");
        culprits(api.post(books, "{\"id\":2,\"user_id\":99}"), 409, "DS111", "user_id")
                .body("detail", containsString("'" + usersName + "'"));
        culprits(api.patch(books + "1", "{\"user_id\":98}"), 409, "DS111", "user_id");
        if (providerType().equals("flat_table")) {
            // Only PostgreSQL's own foreign keys refuse deleting a referenced record (jsonb, mongodb: not yet).
            culprits(api.delete(users + "1"), 409, "DS111", "id");
        }
    }

    private io.restassured.response.ValidatableResponse culprits(io.restassured.response.ValidatableResponse response,
                                                                 int status, String code, String... fields) {
        response.statusCode(status).body("code", equalTo(code))
                .body("errors.field", equalTo(java.util.List.of(fields)));
        String body = response.extract().asString();
        String app = datasource.split("/")[3].replace('-', '_');
        for (String leak : java.util.List.of(app + "_", "t_" + api.tenantId(), "data ->>", "Key (", "java.",
                "com.fasterxml", "LinkedHashMap", "JsonNode")) {
            assertEquals(-1, body.indexOf(leak), "'" + leak + "' in " + body);
        }
        return response;
    }

    @Test
    void reportsEveryViolationWithFieldAndRule() {
        String records = newTable(USERS);
        api.post(records, "{\"id\":\"abc\",\"email\":\"not-an-email\",\"name\":\"A\",\"age\":-1,\"bogus\":1}")
                .statusCode(400).body("code", equalTo("DS103"))
                .body("errors.field", hasItems("id", "email", "name", "age", "bogus"))
                .body("errors.find { it.field == 'id' }.code", equalTo("type"))
                .body("errors.find { it.field == 'name' }.code", equalTo("minLength"))
                .body("errors.find { it.field == 'age' }.code", equalTo("minimum"))
                .body("errors.find { it.field == 'bogus' }.code", equalTo("unknown_field"));
        api.post(records, "{\"name\":\"Ann\"}").statusCode(400)
                .body("errors.find { it.field == 'email' }.code", equalTo("required"));
        api.post(records, "[{\"id\":1,\"email\":\"a@b.co\"},{\"id\":2}]").statusCode(400)
                .body("errors[0].field", equalTo("[1].email"));
        api.get(records).body("count", equalTo(0));
    }

    @Test
    void replacesWholeRecordWithPut() {
        String records = newTable(USERS);
        api.post(records, "{\"id\":1,\"email\":\"a@b.co\",\"name\":\"Ann\",\"age\":30}").statusCode(201);
        api.put(records + "1", "{\"email\":\"new@b.co\",\"age\":31}").statusCode(200)
                .body("id", equalTo(1)).body("email", equalTo("new@b.co")).body("name", nullValue())
                .body("age", equalTo(31));
        api.get(records + "1").body("name", nullValue()).body("email", equalTo("new@b.co"));
        api.put(records + "1", "{\"id\":2,\"email\":\"x@b.co\"}").statusCode(400)
                .body("errors[0].field", equalTo("id"));
        api.put(records + "99", "{\"email\":\"x@b.co\"}").statusCode(404);
    }

    @Test
    void changesOnlyGivenFieldsWithPatch() {
        String records = newTable(USERS);
        api.post(records, "{\"id\":1,\"email\":\"a@b.co\",\"name\":\"Ann\",\"age\":30}").statusCode(201);
        api.patch(records + "1", "{\"age\":\"32\"}").statusCode(200)
                .body("age", equalTo(32)).body("name", equalTo("Ann")).body("email", equalTo("a@b.co"));
        api.patch(records + "1", "{\"age\":200}").statusCode(400)
                .body("errors[0].code", equalTo("maximum"));
        api.patch(records + "1", "{\"id\":5}").statusCode(400);
        api.patch(records + "2", "{\"age\":1}").statusCode(404);
        api.get(records + "1").body("age", equalTo(32));
    }

    @Test
    void deletesRecord() {
        String records = newTable(USERS);
        api.post(records, "{\"id\":1,\"email\":\"a@b.co\"}").statusCode(201);
        api.delete(records + "1").statusCode(204);
        api.get(records + "1").statusCode(404).body("code", equalTo("DS104"));
        api.delete(records + "1").statusCode(404);
    }

    @Test
    void paginatesWithCountAndLinks() {
        String records = newTable(USERS);
        StringBuilder batch = new StringBuilder("[");
        for (int i = 1; i <= 5; i++) {
            batch.append(i > 1 ? "," : "").append("{\"id\":").append(i).append(",\"email\":\"u").append(i)
                    .append("@b.co\"}");
        }
        api.post(records, batch.append("]").toString()).statusCode(201);
        api.get(records + "?page_size=2").statusCode(200).body("count", equalTo(5))
                .body("results.id", equalTo(java.util.List.of(1, 2))).body("previous", nullValue())
                .body("next", containsString("page=2"));
        api.get(records + "?page_size=2&page=3").body("results.id", equalTo(java.util.List.of(5)))
                .body("next", nullValue()).body("previous", containsString("page=2"));
        api.get(records + "?page_size=2&page=2&count=none").body("count", nullValue())
                .body("results", hasSize(2)).body("next", containsString("page=3"));
        // Past the last page of a counted list: 404 naming the last page, as DRF answers (issue 13).
        api.get(records + "?page=9").statusCode(404).body("errors[0].field", equalTo("page"))
                .body("last_page", equalTo(1));
        api.get(records + "?page=9&count=none").statusCode(200).body("results", hasSize(0));
    }

    @Test
    void addressesCompositeKeys() {
        String records = newTable("""
                {"fields":[{"name":"region","type":"string"},{"name":"no","type":"integer"},
                  {"name":"v","type":"number"}],"primaryKey":["region","no"]}""");
        api.post(records, "[{\"region\":\"eu\",\"no\":1,\"v\":1.5},{\"region\":\"us\",\"no\":1,\"v\":2}]")
                .statusCode(201);
        api.get(records + "eu,1").statusCode(200).body("v", equalTo(1.5f));
        api.patch(records + "us,1", "{\"v\":3}").statusCode(200).body("v", equalTo(3));
        api.get(records + "eu").statusCode(400).body("detail", containsString("2 parts"));
        api.delete(records + "eu,1").statusCode(204);
        api.get(records).body("count", equalTo(1));
    }

    @Test
    void listsTablesWithoutPrimaryKeyButRefusesKeyAccess() {
        String records = newTable("{\"fields\":[{\"name\":\"msg\",\"type\":\"string\"}]}");
        api.post(records, "[{\"msg\":\"a\"},{\"msg\":\"b\"}]").statusCode(201);
        api.get(records).statusCode(200).body("count", equalTo(2))
                .body("results.msg", hasItems("a", "b"));
        api.get(records + "1").statusCode(400);
    }

    @Test
    void rejectsDanglingForeignKeyNamingTheReference() {
        String authors = newTable("{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},"
                + "{\"name\":\"name\",\"type\":\"string\"}],\"primaryKey\":[\"id\"]}");
        String authorTable = authors.replaceAll(".*/datatables/([^/]+)/records/", "$1");
        String books = newTable("{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},"
                + "{\"name\":\"author_id\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"],"
                + "\"foreignKeys\":[{\"fields\":[\"author_id\"],\"reference\":{\"resource\":\"" + authorTable
                + "\",\"fields\":[\"id\"]}}]}");
        api.post(authors, "{\"id\":1,\"name\":\"Ann\"}").statusCode(201);
        api.post(books, "{\"id\":10,\"author_id\":1}").statusCode(201);
        api.post(books, "{\"id\":11,\"author_id\":2}").statusCode(409).body("code", equalTo("DS111"))
                .body("errors[0].field", equalTo("author_id"));
        api.patch(books + "10", "{\"author_id\":3}").statusCode(409).body("code", equalTo("DS111"));
        api.post(books, "{\"id\":12,\"author_id\":null}").statusCode(201);
        api.get(books).body("count", equalTo(2));
    }

    @Test
    void answers404ForUnknownTableAndRecord() {
        String records = newTable(USERS);
        api.get(records + "42").statusCode(404).body("code", equalTo("DS104"));
        api.get(datasource + "/datatables/nope/records/").statusCode(404).body("detail", containsString("nope"));
        api.post(datasource + "/datatables/nope/records/", "{}").statusCode(404);
    }

    @Test
    void countsRecordsInStats() {
        String ownDatasource = api.createDataSource(providerType());
        String records = api.createTable(ownDatasource, "counted", USERS);
        api.post(records, "[{\"id\":1,\"email\":\"a@b.co\"},{\"id\":2,\"email\":\"b@b.co\"}]").statusCode(201);
        api.get(ownDatasource + "/stats/").statusCode(200).body("record_count", equalTo(2))
                .body("by_provider." + providerType() + ".record_count", equalTo(2));
    }
}
