package io.datably.provider;

import static io.datably.provider.AggregateFixtures.ITEMS;
import static io.datably.provider.AggregateFixtures.avgPrice;
import static io.datably.provider.AggregateFixtures.bucket;
import static io.datably.provider.AggregateFixtures.count;
import static io.datably.provider.AggregateFixtures.countDistinct;
import static io.datably.provider.AggregateFixtures.countOf;
import static io.datably.provider.AggregateFixtures.expect;
import static io.datably.provider.AggregateFixtures.min;
import static io.datably.provider.AggregateFixtures.sumPrice;
import static io.datably.provider.AggregateFixtures.sumQty;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.provider.AggregateFixtures.Item;
import io.datably.provider.AggregateFixtures.Key;
import io.datably.testsupport.Api;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Grouped aggregates on each provider: every function, every date bucket, having, ordering, filters before
 * grouping, the POST form and the 400s. Expected rows are computed in Java ({@link AggregateFixtures}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AggregateContractTests {
    private static final Key CATEGORY = new Key("category", Item::category);
    private static final Predicate<Item> ALL = i -> true;
    /** Averages are rounded to 10 places; a double's last digit may differ (MongoDB's $avg). */
    private static final BigDecimal AVG_TOLERANCE = new BigDecimal("1e-9");

    private Api api;
    private String records;

    protected abstract String providerType();

    @BeforeEach
    void loadItemsOnce() {
        if (api == null) {
            api = Api.newTenant();
            records = api.createTable(api.createDataSource(providerType()), "items", AggregateFixtures.SCHEMA);
            api.post(records, "[" + String.join(",", ITEMS.stream().map(Item::json).toList()) + "]").statusCode(201);
        }
    }

    @Test
    void everyFunctionByCategory() {
        check("?group_by=category&aggregates=count(*),count(price),count_distinct(qty),sum(price),avg(price),"
                + "min(price),max(price),sum(qty),min(at),max(category)", expect(ALL, List.of(CATEGORY), List.of(
                count(), countOf("price", Item::price), countDistinct("qty", Item::qty), sumPrice(), avgPrice(),
                min("price", Item::price, false), min("price", Item::price, true), sumQty(),
                min("at", Item::at, false), min("category", Item::category, true)), r -> true, List.of(), 1000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hour", "day", "week", "month", "quarter", "year"})
    void datetimeBuckets(String b) {
        check("?group_by=at:" + b + "&aggregates=count(*),sum(qty)", expect(ALL,
                List.of(new Key("at_" + b, bucket(b, false))), List.of(count(), sumQty()), r -> true, List.of(), 1000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hour", "day", "week", "month", "quarter", "year"})
    void dateBucketsWithACategory(String b) {
        check("?group_by=day:" + b + ",category&aggregates=count(*)", expect(ALL,
                List.of(new Key("day_" + b, bucket(b, true)), CATEGORY), List.of(count()), r -> true, List.of(), 1000));
    }

    @Test
    void havingAndOrderingByAlias() {
        check("?group_by=category&aggregates=count(*),sum(price)&having=sum_price__gt=30&ordering=-sum_price",
                expect(ALL, List.of(CATEGORY), List.of(count(), sumPrice()), r -> gt(r.get("sum_price"), "30"),
                        List.of("-sum_price"), 1000));
        check("?group_by=category&aggregates=count(*),sum(price)&having=or=(count__gte=3,sum_price__lt=3)",
                expect(ALL, List.of(CATEGORY), List.of(count(), sumPrice()),
                        r -> (long) r.get("count") >= 3 || lt(r.get("sum_price"), "3"), List.of(), 1000));
    }

    @Test
    void havingOnAverageWithListOperators() {
        check("?group_by=category&aggregates=count(*),avg(price)&having=avg_price__range=(5,50),count__in=(3,4)"
                        + "&ordering=avg_price", expect(ALL, List.of(CATEGORY), List.of(count(), avgPrice()),
                r -> r.get("avg_price") != null && !lt(r.get("avg_price"), "5") && !gt(r.get("avg_price"), "50")
                        && List.of(3L, 4L).contains(r.get("count")), List.of("avg_price"), 1000));
        // Only "puzzles" has no price at all; spelled out as well as computed so an empty answer cannot pass.
        List<Map<String, Object>> noPrice = expect(ALL, List.of(CATEGORY), List.of(min("price", Item::price, true)),
                r -> r.get("max_price") == null, List.of(), 1000);
        assertEquals(List.of(Collections.singletonMap("category", "puzzles")), noPrice.stream()
                .map(r -> Collections.singletonMap("category", r.get("category"))).toList());
        check("?group_by=category&aggregates=max(price)&having=max_price__isnull=true", noPrice);
    }

    @Test
    void filtersApplyBeforeGroupingAndKeysOrderDescending() {
        check("?qty__gte=2&or=(price__isnull=true,price__gt=5)&group_by=category&aggregates=count(*),avg(price)"
                        + "&ordering=-category&limit=3",
                expect(i -> i.qty() != null && i.qty() >= 2 && (i.price() == null || gt(i.price(), "5")),
                        List.of(CATEGORY), List.of(count(), avgPrice()), r -> true, List.of("-category"), 3));
    }

    @Test
    void withoutGroupKeysOneRow() {
        check("?aggregates=count(*),count(qty),sum(qty),max(day)", expect(ALL, List.of(),
                List.of(count(), countOf("qty", Item::qty), sumQty(), min("day", i -> i.day() == null ? null
                        : i.day().toString(), true)), r -> true, List.of(), 1000));
        check("?category=nothing&aggregates=count(*)", List.of());
    }

    @Test
    void postForm() {
        String body = """
                {"where": {"field": "price", "op": "isnull", "value": false},
                 "group_by": ["category", "at:year"],
                 "aggregates": ["count(*)", {"function": "sum", "field": "price"}, {"function": "count", "field": "qty"}],
                 "having": {"field": "count", "op": "gte", "value": 1},
                 "order_by": ["-count", "at_year"], "limit": 4}""";
        JsonNode response = Api.json(api.post(records + "aggregate/", body).statusCode(200).extract().asString());
        compare(expect(i -> i.price() != null, List.of(CATEGORY, new Key("at_year", bucket("year", false))),
                List.of(count(), sumPrice(), countOf("qty", Item::qty)), r -> true, List.of("-count", "at_year"), 4), response);
    }

    @Test
    void badInputIs400NamingTheParameter() {
        String a = records + "aggregate/";
        api.get(a + "?aggregates=bogus(price)").statusCode(400).body("detail", containsString("aggregates"));
        api.get(a + "?aggregates=count(").statusCode(400).body("detail", containsString("aggregates"));
        api.get(a + "?aggregates=sum(nope)").statusCode(400).body("detail", containsString("nope"));
        api.get(a + "?aggregates=sum(category)").statusCode(400).body("detail", containsString("aggregates"));
        api.get(a + "?aggregates=sum(*)").statusCode(400).body("detail", containsString("aggregates"));
        api.get(a + "?aggregates=count(*)&group_by=qty:month").statusCode(400).body("detail", containsString("group_by"));
        api.get(a + "?aggregates=count(*)&group_by=at:decade").statusCode(400).body("detail", containsString("group_by"));
        api.get(a + "?aggregates=count(*)&having=sum_price__gt=1").statusCode(400).body("detail", containsString("having"));
        api.get(a + "?aggregates=count(*)&having=count__icontains=1").statusCode(400).body("detail", containsString("having"));
        api.get(a + "?aggregates=count(*)&having=count__gt=x").statusCode(400).body("detail", containsString("having"));
        api.get(a + "?aggregates=count(*)&ordering=price").statusCode(400).body("detail", containsString("ordering"));
        api.get(a + "?aggregates=count(*)&limit=1001").statusCode(400).body("detail", containsString("limit"));
        api.get(a + "?group_by=category").statusCode(400).body("detail", containsString("aggregates"));
        api.get(a + "?aggregates=count(*)&page=2").statusCode(400).body("detail", containsString("page"));
        api.get(a + "?aggregates=count(*)&qty__gt=abc").statusCode(400).body("detail", containsString("qty__gt"));
        api.post(a, "{\"aggregates\": [{\"function\": \"median\", \"field\": \"qty\"}]}").statusCode(400)
                .body("detail", containsString("aggregates[0].function"));
        api.post(a, "[]").statusCode(400);
    }

    /**
     * Averages are rounded to 10 decimal places, trailing zeros dropped, the same text on every provider (MongoDB's
     * $avg of integers is a double); the answer is compact JSON, as Jackson writes it, not PostgreSQL's spacing.
     */
    @Test
    void averagesHaveOneScaleAndAnswersOneFormatting() {
        String table = api.createTable(records.replaceAll("/datatables/.*", ""), "avg_" + Api.unique(), """
                {"fields":[{"name":"id","type":"integer"},{"name":"g","type":"string"},{"name":"n","type":"integer"},
                  {"name":"x","type":"number"},{"name":"o","type":"object"}],"primaryKey":["id"]}""");
        api.post(table, """
                [{"id":1,"g":"a","n":1,"x":10,"o":{"k":[1, 2.50],"s":"a, b: c"}},{"id":2,"g":"a","n":2,"x":"10.5"},
                 {"id":3,"g":"a","n":2,"x":"7"},{"id":4,"g":"b","n":120,"x":"120.000"},
                 {"id":5,"g":"b","n":120,"x":"120"},{"id":6,"g":"c","n":1,"x":"0.00000000005"},
                 {"id":7,"g":"c","n":0,"x":"-1234567890123.12345678901"}]""").statusCode(201);
        String body = api.get(table + "aggregate/?group_by=g&aggregates=avg(n),avg(x),count(*)").statusCode(200)
                .extract().asString();
        assertEquals("{\"results\":[{\"g\":\"a\",\"avg_n\":1.6666666667,\"avg_x\":9.1666666667,\"count\":3},"
                + "{\"g\":\"b\",\"avg_n\":120,\"avg_x\":120,\"count\":2},"
                + "{\"g\":\"c\",\"avg_n\":0.5,\"avg_x\":-617283945061.5617283945,\"count\":2}]}", body);
        api.get(table + "aggregate/?aggregates=avg(x)&having=avg_x__gt=0&g=a").statusCode(200)
                .body(equalTo("{\"results\":[{\"avg_x\":9.1666666667}]}"));
        // Records: the same values on every provider (jsonb orders keys its own way), in Jackson's formatting.
        String record = api.get(table + "1").statusCode(200).extract().asString();
        assertEquals(Api.json("{\"id\":1,\"g\":\"a\",\"n\":1,\"x\":10,\"o\":{\"k\":[1,2.50],\"s\":\"a, b: c\"}}"),
                Api.json(record));
        for (String text : List.of(body, record, api.get(table + "?id__in=1,2&count=none").statusCode(200).extract()
                .asString(), api.get(table.replace("/datatables/", "/records/").replaceAll(
                "/records/([^/]+)/records/$", "/records/$1") + "?filter=id,le,2").extract().asString())) {
            assertEquals(Api.toJson(Api.json(text)), text, "not as Jackson writes it");
        }
    }

    private void check(String query, List<Map<String, Object>> expected) {
        String body = api.get(records + "aggregate/" + query).statusCode(200).extract().asString();
        compare(expected, Api.json(body));
    }

    private static void compare(List<Map<String, Object>> expected, JsonNode response) {
        JsonNode rows = response.get("results");
        assertEquals(expected.size(), rows.size(), () -> "rows: expected " + expected + " got " + rows);
        for (int i = 0; i < expected.size(); i++) {
            JsonNode row = rows.get(i);
            Map<String, Object> want = expected.get(i);
            String where = "row " + i + ": expected " + want + " got " + row;
            assertEquals(want.size(), row.size(), where);
            want.forEach((name, value) -> {
                JsonNode got = row.get(name);
                assertTrue(got != null, where);
                if (value == null) {
                    assertTrue(got.isNull(), where + " (" + name + ")");
                } else if (value instanceof Long n) {
                    assertTrue(got.isIntegralNumber() && got.longValue() == n, where + " (" + name + ")");
                } else if (value instanceof BigDecimal d) {
                    assertTrue(got.isNumber(), where);
                    // Api.json parses numbers as BigDecimal from their text, so this is the JSON text's value.
                    BigDecimal actual = got.decimalValue();
                    if (name.startsWith("avg_")) {
                        assertTrue(d.subtract(actual).abs().compareTo(AVG_TOLERANCE) <= 0, where + " (" + name + ")");
                    } else {
                        // Sums, minima, maxima: exact decimals (a provider summing in double would show 33.330000001).
                        assertEquals(0, d.compareTo(actual), where + " (" + name + ")");
                    }
                } else {
                    assertEquals(value, got.textValue(), where + " (" + name + ")");
                }
            });
        }
    }

    private static boolean gt(Object value, String than) {
        return value != null && ((BigDecimal) value).compareTo(new BigDecimal(than)) > 0;
    }

    private static boolean lt(Object value, String than) {
        return value != null && ((BigDecimal) value).compareTo(new BigDecimal(than)) < 0;
    }
}
