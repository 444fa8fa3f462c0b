package io.datably.provider;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datably.testsupport.Api;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every filter operator, boolean trees, ordering, fields, search and counting, on each provider. The expected
 * records of each filter are computed here, in Java, from the same data ({@link Thing}), not by the code under test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class QueryContractTests {
    static final String SCHEMA = """
            {"fields":[
              {"name":"id","type":"integer"},{"name":"name","type":"string"},{"name":"qty","type":"integer"},
              {"name":"price","type":"number"},{"name":"active","type":"boolean"},{"name":"born","type":"date"},
              {"name":"at","type":"datetime"},{"name":"tags","type":"array"},
              {"name":"nums","type":"list","itemType":"integer"},{"name":"meta","type":"object"}],
             "primaryKey":["id"]}""";

    /** One record, as Java values for the expectations and as JSON for the API. */
    record Thing(int id, String name, Integer qty, BigDecimal price, Boolean active, LocalDate born, Instant at,
                 List<String> tags, List<Integer> nums, Map<String, String> meta, String json) {
    }

    static final List<Thing> THINGS = List.of(
            thing(1, "apple", 5, "1.50", true, "2020-01-15", "2024-05-01T10:00:00Z", List.of("red", "green"),
                    List.of(1, 2), Map.of("color", "red")),
            thing(2, "Banana", null, "0.25", false, "2021-06-30", "2024-05-01T23:30:00.5Z", List.of("yellow"),
                    List.of(3), Map.of("size", "L")),
            thing(3, "cherry pie", 12, "3.00", true, "2020-12-01", "2023-12-31T23:59:59Z", List.of("red"),
                    List.of(), Map.of("color", "dark red", "size", "S")),
            thing(4, "a.b*c", 7, "10", false, null, null, List.of(), null, Map.of()),
            thing(5, "date", 0, "-2.5", true, "2019-05-15", "2024-05-02T00:00:00Z", List.of("blue", "red"),
                    List.of(2, 5), Map.of("colour", "blue")),
            thing(6, "Elder Berry", null, null, null, "2020-05-15", "2024-01-01T12:00:00.123Z", null,
                    List.of(5), null));

    /**
     * Texts holding LIKE's own characters ({@code % _ \\}), each beside a twin that a pattern reading them as
     * wildcards or escapes would match too (1000 for 100%, snakeXcase for snake_case, C:tempnew for C:\\temp\\new).
     */
    static final Map<Integer, String> MARKS = Map.of(1, "100% pure", 2, "1000 pure", 3, "snake_case",
            4, "snakeXcase", 5, "C:\\temp\\new", 6, "C:tempnew", 7, "50%_off\\", 8, "plain");

    private Api api;
    private String records;
    private String marks;

    protected abstract String providerType();

    @BeforeEach
    void loadThingsOnce() {
        if (api == null) {
            api = Api.newTenant();
            records = api.createTable(api.createDataSource(providerType()), "things", SCHEMA);
            api.post(records, "[" + String.join(",", THINGS.stream().map(Thing::json).toList()) + "]").statusCode(201);
            marks = api.createTable(records.replaceAll("/datatables/.*", ""), "marks", """
                    {"fields":[{"name":"id","type":"integer"},{"name":"text","type":"string"}],"primaryKey":["id"]}""");
            List<Map<String, Object>> rows = new ArrayList<>();
            new java.util.TreeMap<>(MARKS).forEach((id, text) -> rows.add(Map.of("id", id, "text", text)));
            api.post(marks, Api.toJson(rows)).statusCode(201);
        }
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                f("name=apple", t -> "apple".equals(t.name())),
                f("name__eq=Banana", t -> "Banana".equals(t.name())),
                f("qty__ne=5", t -> t.qty() == null || t.qty() != 5),
                f("qty__gt=5", t -> t.qty() != null && t.qty() > 5),
                f("qty__gte=5", t -> t.qty() != null && t.qty() >= 5),
                f("price__lt=1.5", t -> t.price() != null && t.price().compareTo(new BigDecimal("1.5")) < 0),
                f("price__lte=1.5", t -> t.price() != null && t.price().compareTo(new BigDecimal("1.5")) <= 0),
                f("id__in=1,3,5", t -> List.of(1, 3, 5).contains(t.id())),
                f("qty__nin=5,7", t -> t.qty() == null || !List.of(5, 7).contains(t.qty())),
                f("price__range=0.25,3", t -> t.price() != null && t.price().compareTo(new BigDecimal("0.25")) >= 0
                        && t.price().compareTo(new BigDecimal("3")) <= 0),
                f("qty__isnull=true", t -> t.qty() == null),
                f("qty__isnull=false", t -> t.qty() != null),
                f("active=true", t -> Boolean.TRUE.equals(t.active())),
                f("name__exact=apple", t -> "apple".equals(t.name())),
                f("name__iexact=BANANA", t -> "banana".equalsIgnoreCase(t.name())),
                f("name__contains=an", t -> t.name().contains("an")),
                f("name__icontains=AN", t -> t.name().toLowerCase().contains("an")),
                f("name__contains=.b*", t -> t.name().contains(".b*")),
                // LIKE's own characters are plain text to contains (PostgreSQL compiles it to an escaped LIKE).
                f("name__contains=%", t -> t.name().contains("%")),
                f("name__icontains=_", t -> t.name().contains("_")),
                f("name__contains=\\", t -> t.name().contains("\\")),
                f("name__icontains=B*C", t -> t.name().toLowerCase().contains("b*c")),
                f("name__startswith=a", t -> t.name().startsWith("a")),
                f("name__istartswith=B", t -> t.name().toLowerCase().startsWith("b")),
                f("name__endswith=e", t -> t.name().endsWith("e")),
                f("name__iendswith=RY", t -> t.name().toLowerCase().endsWith("ry")),
                f("name__like=%e", t -> t.name().endsWith("e")),
                f("name__like=_pple", t -> t.name().length() == 5 && t.name().endsWith("pple")),
                f("name__ilike=%BERRY", t -> t.name().toLowerCase().endsWith("berry")),
                f("name__regex=^[a-c]", t -> t.name().matches("^[a-c].*")),
                f("name__iregex=^[a-c]", t -> t.name().toLowerCase().matches("^[a-c].*")),
                f("born__year=2020", t -> t.born() != null && t.born().getYear() == 2020),
                f("born__month=5", t -> t.born() != null && t.born().getMonthValue() == 5),
                f("born__day=15", t -> t.born() != null && t.born().getDayOfMonth() == 15),
                f("at__year=2024", t -> t.at() != null && t.at().atOffset(ZoneOffset.UTC).getYear() == 2024),
                f("at__date=2024-05-01", t -> t.at() != null
                        && t.at().atOffset(ZoneOffset.UTC).toLocalDate().equals(LocalDate.of(2024, 5, 1))),
                f("at__gte=2024-05-01T23:30:00Z", t -> t.at() != null
                        && !t.at().isBefore(Instant.parse("2024-05-01T23:30:00Z"))),
                f("at__lt=2024-05-01T23:30:00.5Z", t -> t.at() != null
                        && t.at().isBefore(Instant.parse("2024-05-01T23:30:00.5Z"))),
                f("tags__has=red", t -> t.tags() != null && t.tags().contains("red")),
                f("tags__hasany=yellow,blue", t -> t.tags() != null
                        && (t.tags().contains("yellow") || t.tags().contains("blue"))),
                f("tags__hasall=red,green", t -> t.tags() != null && t.tags().containsAll(List.of("red", "green"))),
                f("nums__has=5", t -> t.nums() != null && t.nums().contains(5)),
                f("meta__haskey=color", t -> t.meta() != null && t.meta().containsKey("color")),
                f("or=(qty__lt=3,qty__gt=8)", t -> t.qty() != null && (t.qty() < 3 || t.qty() > 8)),
                f("not=(active=true)", t -> t.active() != null && !t.active()),
                f("active=true&qty__gt=1", t -> Boolean.TRUE.equals(t.active()) && t.qty() != null && t.qty() > 1),
                f("or=(name__startswith=a,and=(qty__isnull=true,not=(name=Banana)))",
                        t -> t.name().startsWith("a") || (t.qty() == null && !"Banana".equals(t.name()))),
                f("or=(id=1)&or=(id=1,id=2)", t -> t.id() == 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void filtersLikeTheReference(String query, List<Integer> expectedIds) {
        assertEquals(expectedIds, ids(query));
    }

    @Test
    void ordersWithNullsWhereAsked() {
        assertEquals(List.of(6, 4, 3, 1, 2, 5), ids("ordering=-price"));
        assertEquals(List.of(5, 1, 4, 3, 2, 6), ids("ordering=qty"));
        assertEquals(List.of(2, 6, 5, 1, 4, 3), ids("ordering=qty:nullsfirst"));
        assertEquals(List.of(3, 4, 1, 5, 2, 6), ids("ordering=-qty:nullslast"));
        // Strings order by code point on every provider: "Banana" before "a.b*c".
        assertEquals(List.of(6, 1, 3, 5, 2, 4), ids("ordering=-active,name"));
    }

    @Test
    void selectsFields() {
        api.get(records + "?fields=id,name&id=1").statusCode(200).body("results[0].id", equalTo(1))
                .body("results[0].name", equalTo("apple")).body("results[0].price", nullValue())
                .body("results[0].size()", equalTo(2));
    }

    @Test
    void searchesFullText() {
        assertEquals(List.of(6), ids("search=berry"));
        assertEquals(List.of(3), ids("search=cherry"));
        assertEquals(List.of(), ids("search=nothing-like-this"));
    }

    @Test
    void pagesFilteredResultsWithEveryCountMode() {
        api.get(records + "?qty__isnull=false&page_size=2&ordering=qty").statusCode(200).body("count", equalTo(4))
                .body("results.id", equalTo(List.of(5, 1))).body("next", containsString("page=2"));
        api.get(records + "?qty__isnull=false&page_size=2&page=2&ordering=qty&count=none")
                .body("count", nullValue()).body("results.id", equalTo(List.of(4, 3)));
        api.get(records + "?count=planned").statusCode(200).body("results.size()", equalTo(6));
    }

    @Test
    void refusesBadFiltersNamingThem() {
        api.get(records + "?nope=1").statusCode(400).body("detail", containsString("nope"));
        api.get(records + "?qty__gt=abc").statusCode(400).body("detail", containsString("qty__gt"));
        api.get(records + "?tags__gt=1").statusCode(400).body("detail", containsString("does not apply"));
        api.get(records + "?name__regex=(").statusCode(400).body("detail", containsString("regular expression"));
        api.get(records + "?ordering=meta").statusCode(400).body("detail", containsString("ordering"));
        api.get(records + "?fields=id,bogus").statusCode(400).body("detail", containsString("bogus"));
        api.get(records + "?qty__bogusop=1").statusCode(400);
    }

    /** The UTC day of a record's {@code at}, or null. */
    private static LocalDate day(Thing t) {
        return t.at() == null ? null : t.at().atOffset(ZoneOffset.UTC).toLocalDate();
    }

    private static Predicate<Thing> dayIn(String from, String to) {
        return t -> day(t) != null && !day(t).isBefore(LocalDate.parse(from)) && !day(t).isAfter(LocalDate.parse(to));
    }

    /** A date given for a datetime field stands for its whole UTC day (README, Querying records). */
    static Stream<Arguments> wholeDays() {
        return Stream.of(
                f("at__range=2024-01-01,2024-05-01", dayIn("2024-01-01", "2024-05-01")),
                f("at__lte=2024-05-01", dayIn("0001-01-01", "2024-05-01")),
                f("at__lt=2024-05-01", dayIn("0001-01-01", "2024-04-30")),
                f("at__gt=2024-05-01", dayIn("2024-05-02", "9999-12-31")),
                f("at__gte=2024-05-01", dayIn("2024-05-01", "9999-12-31")),
                f("at=2024-05-01", dayIn("2024-05-01", "2024-05-01")),
                f("at__ne=2024-05-01", dayIn("2024-05-01", "2024-05-01").negate()),
                f("at__in=2024-05-02,2023-12-31T23:59:59Z", dayIn("2024-05-02", "2024-05-02")
                        .or(t -> Instant.parse("2023-12-31T23:59:59Z").equals(t.at()))),
                f("at__nin=2024-05-01,2024-01-01", dayIn("2024-05-01", "2024-05-01")
                        .or(dayIn("2024-01-01", "2024-01-01")).negate()),
                f("at__range=2024-05-01T12:00:00Z,2024-05-01", t -> t.at() != null
                        && !t.at().isBefore(Instant.parse("2024-05-01T12:00:00Z"))
                        && day(t).equals(LocalDate.of(2024, 5, 1))),
                f("not=(at__lte=2024-05-01)", t -> day(t) != null && day(t).isAfter(LocalDate.of(2024, 5, 1))),
                f("or=(at__range=(2023-12-31,2023-12-31),id=5)", dayIn("2023-12-31", "2023-12-31")
                        .or(t -> t.id() == 5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wholeDays")
    void takesADateForADatetimeAsItsWholeDay(String query, List<Integer> expectedIds) {
        assertEquals(expectedIds, ids(query));
    }

    @Test
    void takesADateForADatetimeInJsonQueriesAndRefusesUnrealDates() {
        api.post(records + "query/", "{\"where\": {\"field\": \"at\", \"op\": \"range\", \"value\": "
                + "[\"2024-05-01\", \"2024-05-01\"]}}").statusCode(200).body("results.id", equalTo(List.of(1, 2)));
        api.get(records + "?at__lte=2024-02-30").statusCode(400).body("code", equalTo("DS101"))
                .body("errors[0].field", equalTo("at__lte")).body("detail", containsString("2024-02-30"));
        api.get(records + "?at__range=0000-01-01,2024-01-01").statusCode(400)
                .body("errors[0].field", equalTo("at__range"));
    }

    /** The ids a query returns. */
    @Test
    void walksKeysetCursorsToTheEnd() {
        assertEquals(List.of(6, 4, 3, 1, 2, 5), walk("ordering=-price&page_size=2"));
        assertEquals(List.of(5, 1, 4, 3, 2, 6), walk("ordering=qty&page_size=4"));
        assertEquals(List.of(2, 6, 5, 1, 4, 3), walk("ordering=qty:nullsfirst&page_size=1"));
        assertEquals(List.of(6, 1, 3, 5, 2, 4), walk("ordering=-active,name&page_size=3"));
        assertEquals(List.of(5, 3), walk("ordering=-id&active=true&id__gt=1&page_size=1"));
    }

    @Test
    void refusesAlteredOrForeignCursors() {
        String next = api.get(records + "?ordering=-price&page_size=2&cursor=").statusCode(200)
                .extract().path("next_cursor");
        String tampered = (next.charAt(0) == 'A' ? 'B' : 'A') + next.substring(1);
        api.request().queryParam("cursor", tampered).queryParam("ordering", "-price").get(records)
                .then().statusCode(400).body("detail", containsString("cursor"));
        api.request().queryParam("cursor", next).queryParam("ordering", "price").get(records)
                .then().statusCode(400).body("detail", containsString("another ordering"));
        api.request().queryParam("cursor", "not-a-cursor").get(records).then().statusCode(400);
        api.request().queryParam("cursor", next).queryParam("ordering", "-price").queryParam("page", "2")
                .get(records).then().statusCode(400);
    }

    /** Follows next links from a first keyset page (cursor=) until there is none; the ids met, in order. */
    private List<Integer> walk(String query) {
        List<Integer> ids = new ArrayList<>();
        String next = null;
        for (int pages = 0; pages < 20; pages++) {
            var body = withQuery(api.request(), query).queryParam("cursor", next == null ? "" : next).get(records)
                    .then().statusCode(200).extract();
            List<Integer> page = body.path("results.id");
            ids.addAll(page);
            next = body.path("next_cursor");
            if (next == null) {
                return ids;
            }
        }
        throw new AssertionError("cursor walk did not end: " + ids);
    }

    @Test
    void answersTheSameQueryGivenAsJson() {
        api.post(records + "query/", """
                {"where": {"or": [{"field": "qty", "op": "lt", "value": 3},
                                  {"not": {"field": "name", "op": "icontains", "value": "a"}}]},
                 "order_by": [{"field": "qty", "direction": "desc", "nulls": "last"}], "limit": 10,
                 "fields": ["id", "qty"]}""").statusCode(200)
                .body("count", equalTo(3)).body("results.id", equalTo(List.of(3, 5, 6)))
                .body("results[0].size()", equalTo(2)).body("next", nullValue());
        api.post(records + "query/", "{\"where\": {\"field\": \"qty\", \"op\": \"gtt\", \"value\": 1}}")
                .statusCode(400).body("detail", containsString("gtt"));
    }

    @Test
    void countsTheWholeListOnEveryCursorPage() {
        // count is the total matching the filter on every page, not what is left after the cursor (issue 13).
        List<Integer> counts = new ArrayList<>();
        List<Integer> seen = new ArrayList<>();
        String next = "";
        while (next != null && counts.size() < 20) {
            var page = api.request().queryParam("ordering", "qty").queryParam("page_size", 2)
                    .queryParam("cursor", next).get(records).then().statusCode(200).extract();
            counts.add(page.path("count"));
            seen.addAll(page.path("results.id"));
            next = page.path("next_cursor");
        }
        assertEquals(List.of(5, 1, 4, 3, 2, 6), seen);
        assertEquals(Collections.nCopies(counts.size(), 6), counts);
        counts.clear();
        next = "";
        while (next != null && counts.size() < 20) {
            var page = api.request().queryParam("active", "true").queryParam("ordering", "-id")
                    .queryParam("page_size", 1).queryParam("cursor", next).get(records).then().statusCode(200)
                    .extract();
            counts.add(page.path("count"));
            next = page.path("next_cursor");
        }
        assertEquals(Collections.nCopies(counts.size(), 3), counts);
        // The JSON form counts the same way.
        String body = "{\"order_by\": [\"-price\"], \"limit\": 4, \"cursor\": \"\"}";
        var first = Api.json(api.post(records + "query/", body).statusCode(200).extract().response());
        var second = Api.json(api.post(records + "query/", first.get("next").toString()).statusCode(200).extract()
                .response());
        assertEquals(6, first.get("count").asInt());
        assertEquals(6, second.get("count").asInt());
        assertEquals(List.of("2", "5"), second.get("results").findValuesAsText("id"));
    }

    @Test
    void jsonQueryOffersItsNeighbouringPagesAsBodies() {
        String body = """
                {"where": {"field": "qty", "op": "isnull", "value": false}, "order_by": ["qty"], "limit": 2}""";
        var first = Api.json(api.post(records + "query/", body).statusCode(200).body("count", equalTo(4))
                .body("results.id", equalTo(List.of(5, 1))).body("previous", nullValue()).extract().response());
        // next is the same body with the offset moved: POSTed as it is, it answers the next page.
        assertEquals(Api.json(body.replace("\"limit\": 2", "\"limit\": 2, \"offset\": 2")), first.get("next"));
        var second = Api.json(api.post(records + "query/", first.get("next").toString()).statusCode(200)
                .body("results.id", equalTo(List.of(4, 3))).body("next", nullValue()).extract().response());
        assertEquals(0, second.get("previous").get("offset").asInt());
        // Not counted: a next page is offered while pages come back full.
        String uncounted = "{\"order_by\": [\"id\"], \"limit\": 4, \"count\": \"none\"}";
        var open = Api.json(api.post(records + "query/", uncounted).statusCode(200).body("count", nullValue())
                .extract().response());
        assertEquals(4, open.get("next").get("offset").asInt());
        api.post(records + "query/", open.get("next").toString()).statusCode(200)
                .body("results.id", equalTo(List.of(5, 6))).body("next", nullValue());
        // Past the end: empty, and previous is the real last window, not another empty one.
        api.post(records + "query/", "{\"order_by\": [\"id\"], \"limit\": 2, \"offset\": 10}").statusCode(200)
                .body("results", equalTo(List.of())).body("next", nullValue()).body("previous.offset", equalTo(4));
    }

    @Test
    void offersANextPageWithoutACountOnlyAfterAFullPage() {
        api.get(records + "?ordering=id&page_size=4&count=none").statusCode(200).body("count", nullValue())
                .body("next", containsString("page=2"));
        api.get(records + "?ordering=id&page_size=4&page=2&count=none").statusCode(200)
                .body("results.id", equalTo(List.of(5, 6))).body("next", nullValue());
    }

    @Test
    void aPageBeyondTheLastIsNotFoundNamingTheLastPage() {
        api.get(records + "?ordering=id&page_size=2&page=3").statusCode(200).body("results.id", equalTo(List.of(5, 6)))
                .body("next", nullValue()).body("previous", containsString("page=2"));
        Api.assertProblem(api.request().get(records + "?ordering=id&page_size=2&page=4"), 404, "DS104")
                .body("errors[0].field", equalTo("page")).body("detail", containsString("last page, 3"))
                .body("last_page", equalTo(3));
        // An empty list has one page, empty; the next is beyond it.
        api.get(records + "?name=nothing-like-this").statusCode(200).body("count", equalTo(0))
                .body("results", equalTo(List.of())).body("next", nullValue());
        Api.assertProblem(api.request().get(records + "?name=nothing-like-this&page=2"), 404, "DS104")
                .body("errors[0].field", equalTo("page")).body("last_page", equalTo(1));
        // Without a count the last page is unknown: an empty page ends the list.
        api.get(records + "?page_size=2&page=4&count=none").statusCode(200).body("results", equalTo(List.of()))
                .body("next", nullValue());
    }

    @Test
    void readsOneRecordWithFieldsAndRefusesOtherParameters() {
        api.get(records + "1/?fields=name,id").statusCode(200).body("id", equalTo(1)).body("name", equalTo("apple"))
                .body("size()", equalTo(2));
        api.get(records + "1/?fields=").statusCode(200).body("size()", equalTo(10));
        api.get(records + "1/").statusCode(200).body("size()", equalTo(10));
        Api.assertProblem(api.request().get(records + "5/?fields=id&expand=nosuch&bogus=1"), 400, "DS101")
                .body("errors[0].field", equalTo("bogus")).body("detail", containsString("fields and expand"));
        Api.assertProblem(api.request().get(records + "5/?fields=id,nosuch"), 400, "DS101")
                .body("errors[0].field", equalTo("fields")).body("detail", containsString("unknown field 'nosuch'"));
        Api.assertProblem(api.request().get(records + "5/?expand=nosuch"), 400, "DS101")
                .body("errors[0].field", equalTo("expand")).body("detail", containsString("unknown relation"));
        Api.assertProblem(api.request().get(records + "5/?name=date"), 400, "DS101")
                .body("errors[0].field", equalTo("name"));
        Api.assertProblem(api.request().get(records + "5/?fields=id&fields=name"), 400, "DS101")
                .body("errors[0].field", equalTo("fields"));
        Api.assertProblem(api.request().get(records + "99/?fields=id"), 404, "DS104");
    }

    @Test
    void treatsInjectionShapedInputAsDataOrRefusesIt() {
        for (String query : List.of("name=x' OR '1'='1", "name__in=a');DROP TABLE things;--,b",
                "name__regex=.*'; select pg_sleep(1); --", "name={\"$gt\": \"\"}", "name__contains=$where")) {
            assertEquals(List.of(), ids(query), query);
        }
        for (String query : List.of("ordering=name;DROP TABLE things", "fields=id,\"name\"", "qty$gt=1",
                "or=(name=a)) OR 1=1 --", "search=" + "x".repeat(2000), "expand=author;DROP TABLE things",
                "expand={\"$lookup\":1}", "cursor=eyJvIjoiaWQ6YXNjOmxhc3QiLCJ2IjpbIjEgT1IgMT0xIl19.AAAA",
                "cursor=' OR 1=1 --", "page_size=1;DROP TABLE things", "count=exact;--")) {
            var request = api.request();
            int eq = query.indexOf('=');
            request.queryParam(query.substring(0, eq), query.substring(eq + 1));
            request.get(records).then().statusCode(400);
        }
        assertEquals(List.of(1, 2, 3, 4, 5, 6), ids("ordering=id"));
    }

    /** Each text operator on each of LIKE's characters (unescaped in the URL's value, REST Assured encodes it). */
    static Stream<Arguments> literalWildcards() {
        return Stream.of(
                m("text__contains=%", t -> t.contains("%")),
                m("text__contains=0%", t -> t.contains("0%")),
                m("text__contains=e_c", t -> t.contains("e_c")),
                m("text__icontains=E_C", t -> t.toLowerCase().contains("e_c")),
                m("text__contains=\\", t -> t.contains("\\")),
                m("text__contains=\\t", t -> t.contains("\\t")),
                m("text__startswith=100%", t -> t.startsWith("100%")),
                m("text__istartswith=SNAKE_", t -> t.toLowerCase().startsWith("snake_")),
                m("text__endswith=_case", t -> t.endsWith("_case")),
                m("text__endswith=\\", t -> t.endsWith("\\")),
                m("text__iendswith=%_OFF\\", t -> t.toLowerCase().endsWith("%_off\\")),
                // like/ilike: % and _ are wildcards, a backslash makes the next character literal.
                m("text__like=100\\%%", t -> t.startsWith("100%")),
                m("text__like=%\\_c%", t -> t.contains("_c")),
                m("text__ilike=%\\_CASE", t -> t.toLowerCase().endsWith("_case")),
                m("text__like=%\\\\", t -> t.endsWith("\\")),
                m("text__like=C:\\\\temp%", t -> t.startsWith("C:\\temp")),
                m("text__ilike=c:\\\\TEMP\\\\NEW", t -> t.equalsIgnoreCase("C:\\temp\\new")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("literalWildcards")
    void likeCharactersMatchLiterallyWhereTheyAreText(String query, List<Integer> expectedIds) {
        assertEquals(expectedIds, ids(marks, query));
    }

    private List<Integer> ids(String query) {
        return ids(records, query);
    }

    private List<Integer> ids(String path, String query) {
        return withQuery(api.request().queryParam("page_size", 1000), query).get(path)
                .then().statusCode(200).extract().path("results.id");
    }

    /** A query on {@link #MARKS} and the ids it must match: never none, the point is a positive literal match. */
    private static Arguments m(String query, Predicate<String> matches) {
        List<Integer> expected = MARKS.keySet().stream().sorted().filter(id -> matches.test(MARKS.get(id))).toList();
        if (expected.isEmpty()) {
            throw new IllegalStateException("no fixture matches " + query);
        }
        return Arguments.of(query, expected);
    }

    /** Adds {@code a=1&b=%x}, written unencoded, as query parameters: REST Assured encodes each value once. */
    private static io.restassured.specification.RequestSpecification withQuery(
            io.restassured.specification.RequestSpecification request, String query) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            request.queryParam(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return request;
    }

    private static Arguments f(String query, Predicate<Thing> matches) {
        List<Integer> expected = new ArrayList<>();
        THINGS.stream().filter(matches).forEach(t -> expected.add(t.id()));
        return Arguments.of(query, expected);
    }

    private static Thing thing(int id, String name, Integer qty, String price, Boolean active, String born,
                               String at, List<String> tags, List<Integer> nums, Map<String, String> meta) {
        String json = "{\"id\":" + id + ",\"name\":" + quote(name) + ",\"qty\":" + qty + ",\"price\":" + price
                + ",\"active\":" + active + ",\"born\":" + quote(born) + ",\"at\":" + quote(at)
                + ",\"tags\":" + (tags == null ? "null" : Arrays.toString(tags.stream().map(QueryContractTests::quote)
                .toArray())) + ",\"nums\":" + (nums == null ? "null" : nums.toString()) + ",\"meta\":"
                + (meta == null ? "null" : mapJson(meta)) + "}";
        return new Thing(id, name, qty, price == null ? null : new BigDecimal(price), active,
                born == null ? null : LocalDate.parse(born), at == null ? null : Instant.parse(at), tags, nums, meta,
                json);
    }

    private static String mapJson(Map<String, String> map) {
        StringBuilder sb = new StringBuilder("{");
        map.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append(quote(k)).append(":").append(quote(v)));
        return sb.append("}").toString();
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
