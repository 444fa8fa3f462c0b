package io.datably.query.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datably.error.DatablyException;
import io.datably.query.model.AggregateQuery;
import io.datably.query.model.AggregateSpec;
import io.datably.query.model.GroupKey;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Golden tests for both aggregate forms: each input is rendered back as a compact, syntax-free description. */
class AggregateParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static String render(AggregateQuery q) {
        return "where=" + (q.where() == null ? "-" : QueryRendering.condition(q.where()))
                + " group=" + q.groupBy().stream().map(AggregateParserTest::key).collect(Collectors.joining(",", "[", "]"))
                + " aggs=" + q.aggregates().stream().map(AggregateParserTest::spec).collect(Collectors.joining(",", "[", "]"))
                + " having=" + (q.having() == null ? "-" : QueryRendering.condition(q.having()))
                + " order=" + q.ordering().stream().map(k -> (k.descending() ? "-" : "") + String.join("__", k.path()))
                .collect(Collectors.joining(",", "[", "]"))
                + " limit=" + (q.limit() == null ? "-" : q.limit());
    }

    private static String key(GroupKey k) {
        return String.join("__", k.path()) + (k.bucket() == null ? "" : ":" + k.bucket().token());
    }

    private static String spec(AggregateSpec s) {
        return s.function().token() + "(" + (s.path() == null ? "*" : String.join("__", s.path())) + ")";
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        aggregates=count(*) | where=- group=[] aggs=[count(*)] having=- order=[] limit=-
        group_by=category,created_at:month&aggregates=count(*),sum(price),avg(price)&having=sum_price__gt=100&ordering=-sum_price | where=- group=[category,created_at:month] aggs=[count(*),sum(price),avg(price)] having=(gt [sum_price] "100") order=[-sum_price] limit=-
        qty__gte=2&aggregates=count_distinct(qty)&limit=5 | where=(gte [qty] "2") group=[] aggs=[count_distinct(qty)] having=- order=[] limit=5
        aggregates=max(at)&having=or=(count__gt=1,not=(max_at__isnull=true)) | where=- group=[] aggs=[max(at)] having=(or (gt [count] "1") (not (isnull [max_at] "true"))) order=[] limit=-
        aggregates=count(*)&having=count__gt=1&having=count__lt=9 | where=- group=[] aggs=[count(*)] having=(and (gt [count] "1") (lt [count] "9")) order=[] limit=-
        """)
    void urlForm(String query, String expected) {
        assertEquals(expected, render(NativeAggregateParser.parse(NativeQueryParserTest.params(query))));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        {"aggregates":["count(*)"]} | where=- group=[] aggs=[count(*)] having=- order=[] limit=-
        {"where":{"field":"qty","op":"gt","value":1},"group_by":["category","at:week"],"aggregates":["sum(price)",{"function":"count_distinct","field":"qty"},{"function":"count"}],"having":{"field":"sum_price","op":"gte","value":10},"order_by":["-count","category"],"limit":100} | where=(gt [qty] 1) group=[category,at:week] aggs=[sum(price),count_distinct(qty),count(*)] having=(gte [sum_price] 10) order=[-count,category] limit=100
        """)
    void jsonForm(String body, String expected) throws Exception {
        assertEquals(expected, render(JsonAggregateParser.parse(JSON.readTree(body))));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        group_by=a                         | aggregates
        aggregates=count(                  | aggregates
        aggregates=median(x)               | aggregates
        aggregates=sum(*)                  | aggregates
        aggregates=count(*),               | aggregates
        aggregates=count(*)&group_by=at:decade | group_by
        aggregates=count(*)&having=count__gt=(1 | having
        aggregates=count(*)&limit=-1       | limit
        aggregates=count(*)&limit=x        | limit
        aggregates=count(*)&search=x       | search
        aggregates=count(*)&ordering=--a   | ordering
        """)
    void urlErrorsNameTheParameter(String query, String parameter) {
        DatablyException e = assertThrows(DatablyException.class,
                () -> NativeAggregateParser.parse(NativeQueryParserTest.params(query)));
        assertTrue(e.getMessage().contains("'" + parameter + "'"), e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        {}                                                  | aggregates
        {"aggregates":"count(*)"}                           | aggregates
        {"aggregates":[{"function":"sum"}]}                 | aggregates[0].field
        {"aggregates":[{"field":"x"}]}                      | aggregates[0].function
        {"aggregates":["count(*)"],"group_by":["at:x"]}     | group_by[0]
        {"aggregates":["count(*)"],"having":{"op":"gt"}}    | having
        {"aggregates":["count(*)"],"bogus":1}               | bogus
        """)
    void jsonErrorsNameThePath(String body, String path) throws Exception {
        DatablyException e = assertThrows(DatablyException.class, () -> JsonAggregateParser.parse(JSON.readTree(body)));
        assertTrue(e.getMessage().contains(path), e.getMessage());
    }
}
