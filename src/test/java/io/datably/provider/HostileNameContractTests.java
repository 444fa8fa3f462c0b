package io.datably.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.testsupport.Api;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Field names that the compilers use themselves, on each provider: SQL aliases and columns of the generated
 * statements ({@code t}, {@code x}, {@code value}, {@code p}, {@code n}, {@code g}, {@code c0}, {@code l},
 * {@code item}, {@code e}, {@code k}, {@code v}, {@code r1}, {@code x1}, {@code e1}, {@code stored}, {@code q}),
 * the jsonb table's own columns ({@code key}, {@code data}, {@code seq}, {@code created_at}, {@code updated_at}),
 * MongoDB's internal names ({@code _q}, {@code k0}, {@code a0}, {@code n0}, {@code z0}) and SQL keywords. No such
 * name may capture what the compiler meant: every filter, ordering, search, expansion and aggregate answers exactly
 * the records computed here, in Java, from the same rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class HostileNameContractTests {
    static final List<String> STRINGS = List.of("t", "value", "g", "c0", "l", "key", "doc", "k", "v", "stored", "q",
            "elem", "_q", "select", "order", "created_at");
    static final List<String> INTEGERS = List.of("r", "n", "data", "seq", "x1", "e1", "r1", "a0", "k0", "n0", "z0",
            "updated_at", "rank");
    static final int ROWS = 5;

    protected Api api;
    protected String ds;
    private String parents;
    private String children;
    private final List<Map<String, Object>> rows = new ArrayList<>();

    protected abstract String providerType();

    @BeforeEach
    void loadOnce() {
        if (api != null) {
            return;
        }
        api = Api.newTenant();
        ds = api.createDataSource(providerType());
        List<String> fields = new ArrayList<>(List.of("{\"name\":\"x\",\"type\":\"integer\"}",
                "{\"name\":\"p\",\"type\":\"number\"}", "{\"name\":\"row\",\"type\":\"boolean\"}",
                "{\"name\":\"e\",\"type\":\"date\"}", "{\"name\":\"item\",\"type\":\"array\"}"));
        STRINGS.forEach(f -> fields.add("{\"name\":" + Api.toJson(f) + ",\"type\":\"string\"}"));
        INTEGERS.forEach(f -> fields.add("{\"name\":" + Api.toJson(f) + ",\"type\":\"integer\"}"));
        parents = api.createTable(ds, "p", "{\"fields\":[" + String.join(",", fields) + "],\"primaryKey\":[\"x\"]}");
        children = api.createTable(ds, "c", """
                {"fields":[{"name":"x","type":"integer"},{"name":"t","type":"integer"},
                           {"name":"value","type":"string"},{"name":"r","type":"integer"}],
                 "primaryKey":["x"],"foreignKeys":[{"fields":["t"],"reference":{"resource":"p","fields":["x"]}}]}""");
        ArrayNode records = JsonNodeFactory.instance.arrayNode();
        for (int i = 1; i <= ROWS; i++) {
            Map<String, Object> row = row(i);
            rows.add(row);
            records.add(Api.EXACT.valueToTree(row));
        }
        api.post(parents, records.toString()).statusCode(201);
        api.post(children, """
                [{"x":1,"t":1,"value":"1","r":1},{"x":2,"t":1,"value":"2","r":2},{"x":3,"t":2,"value":"1","r":3},
                 {"x":4,"t":null,"value":"4","r":4}]""").statusCode(201);
    }

    /**
     * Row {@code i}: every field's value shifts with the field's position (so fields differ), row 4 is all nulls
     * and row 5 holds 5 everywhere, so a comparison captured by the key {@code x} (5) would match it.
     */
    private static Map<String, Object> row(int i) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("x", i);
        row.put("p", i == 4 ? null : new BigDecimal(i == 5 ? "5" : (i % 3 + 1) + ".5"));
        row.put("row", i == 4 ? null : i % 2 == 0);
        row.put("e", i == 4 ? null : "2020-0" + (6 - i) + "-1" + i);
        row.put("item", i == 4 ? null : i == 5 ? List.of("x5") : List.of("a" + i % 2, "b"));
        for (int j = 0; j < STRINGS.size(); j++) {
            row.put(STRINGS.get(j), i == 4 ? null : String.valueOf(value(i, j)));
        }
        for (int j = 0; j < INTEGERS.size(); j++) {
            row.put(INTEGERS.get(j), i == 4 ? null : value(i, j));
        }
        return row;
    }

    private static long value(int i, int j) {
        return i == 5 ? 5 : (i + j) % 3 + 1;
    }

    private static List<String> scalarFields() {
        List<String> names = new ArrayList<>(List.of("x", "p", "row", "e"));
        names.addAll(STRINGS);
        names.addAll(INTEGERS);
        return names;
    }

    @Test
    void comparisonsListsAndTextMatchReadTheNamedField() {
        for (String f : scalarFields()) {
            Object v = rows.get(0).get(f);
            String text = String.valueOf(v);
            assertEquals(where(r -> Objects.equals(r.get(f), v)), ids(f + "=" + text), f);
            assertEquals(where(r -> !Objects.equals(r.get(f), v)), ids(f + "__nin=" + text), f + "__nin");
            assertEquals(where(r -> r.get(f) == null), ids(f + "__isnull=true"), f + "__isnull");
            if (!f.equals("row")) {
                String absent = f.equals("e") ? "1999-01-01" : "9"; // a value no row holds
                assertEquals(where(r -> Objects.equals(r.get(f), v)), ids(f + "__in=" + text + "," + absent), f);
                assertEquals(List.of(), ids(f + "__in=" + absent), f + "__in");
                assertEquals(where(r -> true), ids(f + "__nin=" + absent), f + "__nin");
                assertEquals(where(r -> r.get(f) != null && compare(r.get(f), v) >= 0), ids(f + "__gte=" + text), f);
                assertEquals(where(r -> r.get(f) != null && compare(r.get(f), v) >= 0 && compare(r.get(f), v) <= 0),
                        ids(f + "__range=" + text + "," + text), f + "__range");
            }
        }
        for (String f : STRINGS) {
            assertEquals(where(r -> r.get(f) != null && ((String) r.get(f)).contains("5")), ids(f + "__contains=5"), f);
            assertEquals(where(r -> "5".equals(r.get(f))), ids(f + "__like=5"), f);
        }
        assertEquals(where(r -> r.get("item") != null && ((List<?>) r.get("item")).contains("a1")),
                ids("item__has=a1"));
        assertEquals(where(r -> r.get("item") != null && (((List<?>) r.get("item")).contains("x5")
                || ((List<?>) r.get("item")).contains("a0"))), ids("item__hasany=x5,a0"));
        assertEquals(where(r -> r.get("item") != null && ((List<?>) r.get("item")).containsAll(List.of("a1", "b"))),
                ids("item__hasall=a1,b"));
        assertEquals(List.of(1, 2), ids("c__value=1"));
        // Children 1 and 2 belong to parent 1, child 3 to parent 2, child 4 to none.
        Object t = rows.get(0).get("t");
        List<Integer> parentsWithT = where(r -> t.equals(r.get("t")));
        List<Integer> parentOf = List.of(1, 1, 2);
        assertEquals(IntStream.range(0, 3).filter(k -> parentsWithT.contains(parentOf.get(k))).mapToObj(k -> k + 1)
                .toList(), ids(children, "p__t=" + t));
    }

    @Test
    void ordersAndWalksCursorsByEachField() {
        for (String f : scalarFields()) {
            List<Integer> ascending = order(f, false);
            List<Integer> descending = order(f, true);
            assertEquals(ascending, ids("ordering=" + f), f);
            assertEquals(descending, ids("ordering=-" + f), f);
            assertEquals(descending, walk("ordering=-" + f + "&page_size=2"), f);
        }
    }

    @Test
    void searchesExpandsAndAggregates() {
        assertEquals(List.of(5), ids("search=5"));
        List<JsonNode> kids = results(children, "expand=p&ordering=x");
        assertEquals(List.of("1", "1", "2", "null"), kids.stream().map(k -> k.get("p").isNull() ? "null"
                : k.get("p").get("x").toString()).toList());
        assertEquals(rows.get(0).get("value"), kids.get(0).path("p").path("value").asText());
        List<JsonNode> parentsWithKids = results(parents, "expand=c&ordering=x");
        assertEquals(List.of("[1,2]", "[3]", "[]", "[]", "[]"), parentsWithKids.stream().map(p -> p.path("c")
                .findValuesAsText("x").toString().replace(" ", "")).toList());
        for (String f : scalarFields()) {
            Map<String, Long> counts = rows.stream().collect(Collectors.groupingBy(r -> String.valueOf(r.get(f)),
                    Collectors.counting()));
            Map<String, Long> answered = new LinkedHashMap<>();
            for (JsonNode group : aggregate("group_by=" + f + "&aggregates=count(*),sum(data)")) {
                answered.put(group.get(f).isNull() ? "null" : group.get(f).asText(), group.get("count").asLong());
            }
            assertEquals(counts, answered, f);
            Map<String, Long> big = new LinkedHashMap<>();
            counts.forEach((value, count) -> {
                if (count >= 2) {
                    big.put(value, count);
                }
            });
            Map<String, Long> having = new LinkedHashMap<>();
            for (JsonNode group : aggregate("group_by=" + f + "&aggregates=count(*)&having=count__gte=2")) {
                having.put(group.get(f).isNull() ? "null" : group.get(f).asText(), group.get("count").asLong());
            }
            assertEquals(big, having, f + " having");
        }
    }

    /**
     * Names and values holding what SQL splitters, quoting and comments react to ({@code \ ; ' " $$ -- /* *}{@code /})
     * through every statement a table sees: create (with UNIQUE and CHECK constraints), insert, read, filter, a
     * schema migration that adds and renames such fields and changes the enum, and an index on them.
     */
    @Test
    void quotesSeparatorsAndCommentsInNamesAndValues() {
        List<String> values = List.of("a\\", "b;c", "it's", "\"q\"", "$$d$$", "-- e", "/* f */", "g */ ;", "h\\';--");
        String schema = """
                {"fields":[{"name":"id","type":"integer"},
                  {"name":"x\\\\","type":"string","constraints":{"enum":%s}},
                  {"name":"y;z","type":"integer","constraints":{"unique":true,"minimum":0}},
                  {"name":"it's \\"q\\" $$ -- /* */","type":"string"},
                  {"name":"e\\\\';--","type":"string"}],
                 "primaryKey":["id"]}""".formatted(Api.toJson(values));
        String table = ds + "/datatables/h";
        String records = api.createTable(ds, "h", schema);
        ArrayNode batch = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < values.size(); i++) {
            batch.add(object().put("id", i).put("x\\", values.get(i)).put("y;z", i * 10)
                    .put("it's \"q\" $$ -- /* */", values.get(values.size() - 1 - i)).put("e\\';--", values.get(i)));
        }
        api.post(records, batch.toString()).statusCode(201);
        for (int i = 0; i < values.size(); i++) {
            JsonNode read = Api.json(api.get(records + i + "/").statusCode(200).extract().asString());
            assertEquals(batch.get(i), read);
            assertEquals(List.of(i), query(records, "x\\", "eq", Api.json(Api.toJson(values.get(i)))));
            assertEquals(List.of(values.size() - 1 - i), query(records, "it's \"q\" $$ -- /* */", "in",
                    Api.json(Api.toJson(List.of(values.get(i), "zzz")))));
        }
        api.post(records, "{\"id\": 99, \"x\\\\\": \"zzz\"}").statusCode(400);

        // A migration: a new required field with a backfill, a rename, a wider enum.
        List<String> wider = new ArrayList<>(values);
        wider.add("i\\");
        String changed = """
                {"fields":[{"name":"id","type":"integer"},
                  {"name":"x\\\\","type":"string","constraints":{"enum":%s}},
                  {"name":"y;z","type":"integer","constraints":{"unique":true,"minimum":0}},
                  {"name":"it's \\"q\\" $$ -- /* */","type":"string"},
                  {"name":"e\\\\';-- 2","type":"string","datably:renamedFrom":"e\\\\';--"},
                  {"name":"new;\\\\ /*","type":"string","constraints":{"required":true}}],
                 "primaryKey":["id"]}""".formatted(Api.toJson(wider));
        api.patch(table + "/", "{\"json_schema\": " + changed + ", \"backfill\": {\"new;\\\\ /*\": \"b;c\\\\'\"}}")
                .statusCode(200);
        JsonNode migrated = Api.json(api.get(records + "1/").statusCode(200).extract().asString());
        assertEquals(values.get(1), migrated.get("e\\';-- 2").asText());
        assertEquals("b;c\\'", migrated.get("new;\\ /*").asText());
        api.post(records, Api.toJson(Map.of("id", 100, "x\\", "i\\", "new;\\ /*", "$$"))).statusCode(201);
        assertEquals(List.of(100), query(records, "new;\\ /*", "eq", Api.json("\"$$\"")));

        // An index on such fields, with such values in its predicate.
        String index = Api.toJson(Map.of("name", "hostile", "fields", List.of("y;z", "x\\"), "where",
                Map.of("field", "x\\", "op", "eq", "value", "h\\';--")));
        api.post(table + "/indexes/", index).statusCode(201);
        assertEquals(List.of(1, 5), query(records, "y;z", "in", Api.json("[10, 50]")));
        api.delete(table + "/indexes/hostile/").statusCode(204);
    }

    /** The ids of the records where {@code field op value}, through the JSON query form. */
    private List<Integer> query(String records, String field, String op, JsonNode value) {
        ObjectNode where = object().put("field", field).put("op", op);
        where.set("value", value);
        ObjectNode body = object().put("limit", 1000);
        body.set("where", where);
        body.putArray("order_by").add("id");
        String answer = api.post(records + "query/", body.toString()).statusCode(200).extract().asString();
        List<Integer> ids = new ArrayList<>();
        Api.json(answer).get("results").forEach(r -> ids.add(r.get("id").asInt()));
        return ids;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
        }
        return ((Comparable) a).compareTo(b);
    }

    /** The ids of the rows ordered by {@code f}: nulls last ascending, first descending; ties by the key. */
    private List<Integer> order(String f, boolean descending) {
        Comparator<Map<String, Object>> byValue = (a, b) -> {
            Object va = a.get(f);
            Object vb = b.get(f);
            if (va == null || vb == null) {
                return va == vb ? 0 : va == null ? 1 : -1;
            }
            return compare(va, vb);
        };
        Comparator<Map<String, Object>> order = descending ? byValue.reversed() : byValue;
        return rows.stream().sorted(order.thenComparing(r -> (Integer) r.get("x"))).map(r -> (Integer) r.get("x"))
                .toList();
    }

    private List<Integer> where(Predicate<Map<String, Object>> matches) {
        return IntStream.range(0, rows.size()).filter(i -> matches.test(rows.get(i))).mapToObj(i -> i + 1).toList();
    }

    private List<Integer> ids(String query) {
        return ids(parents, query);
    }

    private List<Integer> ids(String path, String query) {
        return results(path, query.startsWith("ordering=") ? query : query + "&ordering=x").stream()
                .map(r -> r.get("x").asInt()).toList();
    }

    private List<JsonNode> results(String path, String query) {
        String body = withQuery(api.request().queryParam("page_size", 1000), query).get(path).then()
                .log().ifValidationFails().statusCode(200).extract().asString();
        List<JsonNode> out = new ArrayList<>();
        Api.json(body).get("results").forEach(out::add);
        return out;
    }

    private List<JsonNode> aggregate(String query) {
        String body = withQuery(api.request(), query).get(parents + "aggregate/").then().log().ifValidationFails()
                .statusCode(200).extract().asString();
        List<JsonNode> out = new ArrayList<>();
        Api.json(body).get("results").forEach(out::add);
        return out;
    }

    private List<Integer> walk(String query) {
        List<Integer> ids = new ArrayList<>();
        String next = "";
        for (int pages = 0; pages < 10 && next != null; pages++) {
            var page = withQuery(api.request(), query).queryParam("cursor", next).get(parents).then()
                    .log().ifValidationFails().statusCode(200).extract();
            List<Integer> got = page.path("results.x");
            ids.addAll(got);
            next = page.path("next_cursor");
        }
        return ids;
    }

    private static RequestSpecification withQuery(RequestSpecification request, String query) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            request.queryParam(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return request;
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
