package io.datably.provider.mongo;

import static io.datably.provider.mongo.QueryFixtures.and;
import static io.datably.provider.mongo.QueryFixtures.not;
import static io.datably.provider.mongo.QueryFixtures.or;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.provider.spi.PhysicalTable;
import io.datably.provider.spi.RecordPage;
import io.datably.provider.spi.TableDescriptor;
import io.datably.query.model.CountMode;
import io.datably.query.model.Op;
import io.datably.query.model.SortKey.Nulls;
import io.datably.query.plan.BoundCondition;
import io.datably.query.plan.BoundQuery;
import io.datably.query.plan.BoundSearch;
import io.datably.query.plan.BoundSort;
import io.datably.schema.model.Field;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs bound queries against the in-process server: which records each operator selects, order, window, search. */
@QuarkusTest
class MongoQueryTest {
    private static final QueryFixtures T = new QueryFixtures("{'fields':["
            + "{'name':'id','type':'integer'},{'name':'name','type':'string'},{'name':'n','type':'number'},"
            + "{'name':'i','type':'integer'},{'name':'d','type':'date'},{'name':'dt','type':'datetime'},"
            + "{'name':'t','type':'time'},{'name':'tags','type':'list','itemType':'string'},"
            + "{'name':'arr','type':'array'},{'name':'o','type':'object'}],'primaryKey':['id']}");
    private static final String[] RECORDS = {
        "{'id':1,'name':'Alpha','n':1.50,'i':10,'d':'2024-01-15','dt':'2024-10-30T10:00:00Z','t':'12:00:00',"
                + "'tags':['red','blue'],'arr':[1,'x'],'o':{'a':1}}",
        "{'id':2,'name':'alpha beta','n':2,'i':-5,'d':'2024-05-07','dt':'2024-10-30T10:00:00.5Z','t':'12:00:00.5',"
                + "'tags':['blue'],'arr':[2,3],'o':{'b':null}}",
        "{'id':3,'name':'a.b*c','n':'NaN','i':0,'d':'2023-12-31','dt':'2023-12-31T23:59:59.999999Z','t':'08:30:00',"
                + "'tags':[],'arr':[[1,2]],'o':{}}",
        "{'id':4}",
        "{'id':5,'name':'BETA','n':'-INF','i':99999999999,'d':'2024-05-31','dt':'2024-05-07T00:00:00Z',"
                + "'t':'23:59:59.999','tags':['green'],'arr':[3],'o':{'a':{'b':2}}}",
        "{'id':6,'name':'Gamma ray','n':10.25,'i':3,'d':'2025-01-01','dt':'2024-10-30T09:59:59.9Z','t':'00:00:00',"
                + "'tags':['red'],'arr':[1,2],'o':{'c':1}}",
        "{'id':7,'name':'a_b%c','n':2.0,'i':2,'d':'2024-10-30','dt':'2024-10-31T00:00:00Z','t':'12:00:00.25',"
                + "'tags':['Red'],'arr':[],'o':{'a':null}}",
        "{'id':8,'name':'line1\\nline2','n':'INF','i':5,'d':'2000-02-29','dt':'2000-02-29T12:00:00Z','t':'10:00:00',"
                + "'arr':[1]}",
        "{'id':9,'name':'Zeta','n':0.1,'i':7,'d':'2024-10-30','dt':'2024-10-30T23:59:59Z','t':'11:59:59.999999',"
                + "'tags':['red','green'],'arr':[{'k':1}],'o':{'k':2}}",
        "{'id':10,'name':'éclair','n':1.5,'i':10,'dt':'2024-10-30T10:00:00.25Z','tags':['blue','red'],'o':{'a':2}}",
    };
    private static final List<Integer> ALL = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

    @Inject
    MongoProvider provider;

    private TableDescriptor table;

    @BeforeEach
    void insertRecords() {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        table = new TableDescriptor("q" + suffix, new PhysicalTable("db_" + suffix, "app_q" + suffix), T.schema(),
                Map.of());
        await(provider.materialize(table));
        List<com.fasterxml.jackson.databind.node.ObjectNode> records = new ArrayList<>();
        for (String record : RECORDS) {
            records.add(T.record(record));
        }
        await(provider.insert(table, records));
    }

    @Test
    void comparesValuesAsStored() {
        assertKeys(List.of(1), T.cmp("name", Op.EQ, "'Alpha'"));
        assertKeys(List.of(1), T.cmp("name", Op.EXACT, "'Alpha'"));
        assertKeys(List.of(1, 10), T.cmp("n", Op.EQ, "1.5"));
        assertKeys(List.of(1, 10), T.cmp("i", Op.EQ, "10"));
        assertKeys(List.of(1), T.cmp("dt", Op.EQ, "'2024-10-30T10:00:00Z'"));
        assertKeys(List.of(2), T.cmp("dt", Op.EQ, "'2024-10-30T11:00:00.5+01:00'"));
        assertKeys(List.of(1), T.cmp("t", Op.EQ, "'12:00:00'"));
        assertKeys(List.of(6), T.cmp("arr", Op.EQ, "[1, 2]"));
        assertKeys(List.of(2, 3, 4, 5, 6, 7, 8, 9, 10), T.cmp("name", Op.NE, "'Alpha'"));
        assertKeys(List.of(2, 3, 4, 5, 6, 7, 8, 9), T.cmp("n", Op.NE, "1.5"));
        assertKeys(List.of(1, 2, 3, 4, 5, 7, 8, 9, 10), T.cmp("arr", Op.NE, "[1, 2]"));
        assertKeys(List.of(1, 9), T.cmp("name", Op.IN, "'Alpha'", "'Zeta'", "'nope'"));
        assertKeys(List.of(2, 3, 7), T.cmp("n", Op.IN, "2", "'NaN'"));
        assertKeys(List.of(2, 3, 4, 5, 6, 7, 8, 10), T.cmp("name", Op.NIN, "'Alpha'", "'Zeta'"));
        assertKeys(List.of(4), T.cmp("name", Op.ISNULL, "true"));
        assertKeys(List.of(1, 2, 3, 5, 6, 7, 8, 9, 10), T.cmp("name", Op.ISNULL, "false"));
        assertKeys(List.of(4, 8), T.cmp("tags", Op.ISNULL, "true"));
    }

    @Test
    void ordersNumbersWithNaNAbove() {
        assertKeys(List.of(3, 6, 8), T.cmp("n", Op.GT, "2"));
        assertKeys(List.of(2, 3, 6, 7, 8), T.cmp("n", Op.GTE, "2"));
        assertKeys(List.of(1, 5, 9, 10), T.cmp("n", Op.LT, "2"));
        assertKeys(List.of(1, 2, 5, 7, 9, 10), T.cmp("n", Op.LTE, "2"));
        assertKeys(List.of(1, 2, 5, 6, 7, 8, 9, 10), T.cmp("n", Op.LT, "'NaN'"));
        assertKeys(List.of(3), T.cmp("n", Op.GTE, "'NaN'"));
        assertKeys(List.of(1, 2, 6, 7, 10), T.cmp("n", Op.RANGE, "1.5", "10.25"));
        assertKeys(List.of(1, 5, 9, 10), T.cmp("i", Op.GT, "5"));
    }

    @Test
    void ordersStringsDatesAndTimes() {
        assertKeys(List.of(2, 3, 7, 8, 10), T.cmp("name", Op.GT, "'a'"));
        assertKeys(List.of(1), T.cmp("name", Op.LT, "'B'"));
        // Fixed-width storage: 10:00:00 sorts before 10:00:00.5 (as text "…00Z" would sort after "…00.5Z").
        assertKeys(List.of(2, 7, 9, 10), T.cmp("dt", Op.GT, "'2024-10-30T10:00:00Z'"));
        assertKeys(List.of(1, 3, 5, 6, 8), T.cmp("dt", Op.LT, "'2024-10-30T10:00:00.25Z'"));
        assertKeys(List.of(1, 2, 6, 9, 10), T.cmp("dt", Op.RANGE, "'2024-10-30T00:00:00Z'", "'2024-10-30T23:59:59Z'"));
        assertKeys(List.of(1, 3, 6, 8, 9), T.cmp("t", Op.LTE, "'12:00:00'"));
        assertKeys(List.of(5, 6, 7, 9), T.cmp("d", Op.GT, "'2024-05-07'"));
    }

    @Test
    void matchesTextLiterally() {
        assertKeys(List.of(5), T.cmp("name", Op.IEXACT, "'beta'"));
        assertKeys(List.of(), T.cmp("name", Op.IEXACT, "'line1'"));
        assertKeys(List.of(1, 2, 3, 6, 7, 9, 10), T.cmp("name", Op.CONTAINS, "'a'"));
        assertKeys(List.of(3), T.cmp("name", Op.CONTAINS, "'.'"));
        assertKeys(List.of(3), T.cmp("name", Op.CONTAINS, "'b*c'"));
        assertKeys(List.of(2, 5), T.cmp("name", Op.ICONTAINS, "'BETA'"));
        assertKeys(List.of(2, 3, 7), T.cmp("name", Op.STARTSWITH, "'a'"));
        assertKeys(List.of(1, 2, 3, 7), T.cmp("name", Op.ISTARTSWITH, "'a'"));
        assertKeys(List.of(), T.cmp("name", Op.STARTSWITH, "'line2'"));
        assertKeys(List.of(1, 2, 9), T.cmp("name", Op.ENDSWITH, "'a'"));
        assertKeys(List.of(), T.cmp("name", Op.ENDSWITH, "'line1'"));
        assertKeys(List.of(1, 2, 5, 9), T.cmp("name", Op.IENDSWITH, "'A'"));
    }

    @Test
    void matchesPatterns() {
        assertKeys(List.of(3, 7), T.cmp("name", Op.LIKE, "'a_b%'"));
        assertKeys(List.of(7), T.cmp("name", Op.LIKE, "'a\\\\_b\\\\%c'"));
        assertKeys(List.of(2, 9), T.cmp("name", Op.LIKE, "'%ta'"));
        assertKeys(List.of(2, 5, 9), T.cmp("name", Op.ILIKE, "'%ta'"));
        assertKeys(List.of(8), T.cmp("name", Op.LIKE, "'line1_line2'"));
        assertKeys(List.of(3, 7), T.cmp("name", Op.REGEX, "'^a.b'"));
        assertKeys(List.of(8), T.cmp("name", Op.REGEX, "'line1.line2'"));
        assertKeys(List.of(1, 9), T.cmp("name", Op.IREGEX, "'^(alpha|zeta)$'"));
    }

    @Test
    void matchesDateParts() {
        assertKeys(List.of(1, 2, 5, 6, 7, 9, 10), T.cmp("dt", Op.YEAR, "2024"));
        assertKeys(List.of(1, 2, 5, 7, 9), T.cmp("d", Op.YEAR, "2024"));
        assertKeys(List.of(1, 2, 6, 7, 9, 10), T.cmp("dt", Op.MONTH, "10"));
        assertKeys(List.of(2, 5), T.cmp("d", Op.MONTH, "5"));
        assertKeys(List.of(1, 2, 6, 9, 10), T.cmp("dt", Op.DAY, "30"));
        assertKeys(List.of(3, 5), T.cmp("d", Op.DAY, "31"));
        assertKeys(List.of(1, 2, 6, 9, 10), T.cmp("dt", Op.DATE, "'2024-10-30'"));
        assertKeys(List.of(7, 9), T.cmp("d", Op.DATE, "'2024-10-30'"));
    }

    @Test
    void matchesElementsAndKeys() {
        assertKeys(List.of(1, 6, 9, 10), T.cmp("tags", Op.HAS, "'red'"));
        assertKeys(List.of(5, 7, 9), T.cmp("tags", Op.HASANY, "'green'", "'Red'"));
        assertKeys(List.of(1, 10), T.cmp("tags", Op.HASALL, "'red'", "'blue'"));
        assertKeys(List.of(1, 6, 8), T.cmp("arr", Op.HAS, "1"));
        assertKeys(List.of(3), T.cmp("arr", Op.HAS, "[1, 2]"));
        assertKeys(List.of(9), T.cmp("arr", Op.HAS, "{'k': 1}"));
        assertKeys(List.of(1, 2, 5), T.cmp("arr", Op.HASANY, "3", "'x'"));
        assertKeys(List.of(2), T.cmp("arr", Op.HASALL, "2", "3"));
        assertKeys(List.of(1, 5, 7, 10), T.cmp("o", Op.HASKEY, "'a'"));
        assertKeys(List.of(2), T.cmp("o", Op.HASKEY, "'b'"));
    }

    /** SQL's NOT leaves a comparison on null unknown, so the record stays out; NE, NIN and ISNULL are never unknown. */
    @Test
    void negatesWithThreeValuedLogic() {
        BoundCondition isAlpha = T.cmp("name", Op.EQ, "'Alpha'");
        assertKeys(List.of(2, 3, 5, 6, 7, 8, 9, 10), not(isAlpha));
        assertKeys(List.of(1), not(T.cmp("name", Op.NE, "'Alpha'")));
        assertKeys(List.of(1, 2, 3, 5, 6, 7, 8, 9, 10), not(T.cmp("name", Op.ISNULL, "true")));
        assertKeys(List.of(1, 2, 5, 7, 9, 10), not(T.cmp("n", Op.GT, "2")));
        assertKeys(List.of(2, 5, 7, 9, 10), not(or(isAlpha, T.cmp("n", Op.GT, "2"))));
        assertKeys(List.of(2, 3, 5, 6, 7, 8), not(and(T.cmp("name", Op.CONTAINS, "'a'"), T.cmp("i", Op.GT, "5"))));
        assertKeys(List.of(1), not(not(isAlpha)));
        assertKeys(List.of(1, 4), or(isAlpha, T.cmp("name", Op.ISNULL, "true")));
        assertKeys(List.of(1, 5, 6, 9, 10), and(T.cmp("dt", Op.YEAR, "2024"),
                or(T.cmp("tags", Op.HAS, "'red'"), T.cmp("n", Op.LT, "1"))));
    }

    @Test
    void sortsNullsAndNaNLikePostgres() {
        assertEquals(List.of(5, 9, 1, 10, 2, 7, 6, 8, 3, 4), keys(sorted(T.sort("n", false, Nulls.DEFAULT))));
        assertEquals(List.of(4, 3, 8, 6, 2, 7, 1, 10, 9, 5), keys(sorted(T.sort("n", true, Nulls.DEFAULT))));
        assertEquals(List.of(4, 1, 5, 6, 9, 3, 7, 2, 8, 10), keys(sorted(T.sort("name", false, Nulls.FIRST))));
        assertEquals(List.of(10, 8, 2, 7, 3, 9, 6, 5, 1, 4), keys(sorted(T.sort("name", true, Nulls.LAST))));
        assertEquals(List.of(8, 3, 5, 6, 1, 10, 2, 9, 7, 4), keys(sorted(T.sort("dt", false, Nulls.DEFAULT))));
        assertEquals(List.of(4, 10, 5, 2, 7, 1, 9, 8, 3, 6), keys(sorted(T.sort("t", true, Nulls.DEFAULT))));
        BoundQuery byKeyDescending = new BoundQuery(null, null, List.of(T.sort("id", true, Nulls.DEFAULT)), 0, 100,
                CountMode.NONE, T.schema().fields());
        assertEquals(List.of(10, 9, 8, 7, 6, 5, 4, 3, 2, 1), keys(byKeyDescending));
    }

    @Test
    void pagesAndCountsAsAsked() {
        List<BoundSort> byN = List.of(T.sort("n", false, Nulls.DEFAULT), T.sort("id", false, Nulls.DEFAULT));
        BoundCondition named = T.cmp("name", Op.ISNULL, "false");
        RecordPage page = run(new BoundQuery(null, null, byN, 2, 3, CountMode.EXACT, T.schema().fields()));
        assertEquals(List.of(1, 10, 2), keys(page));
        assertEquals(10, page.count());
        page = run(new BoundQuery(named, null, byN, 8, 5, CountMode.EXACT, T.schema().fields()));
        assertEquals(List.of(3), keys(page));
        assertEquals(9, page.count());
        assertEquals(9, run(new BoundQuery(named, null, byN, 0, 1, CountMode.PLANNED, T.fields("id"))).count());
        assertEquals(10, run(new BoundQuery(null, null, byN, 0, 1, CountMode.PLANNED, T.fields("id"))).count());
        assertEquals(-1, run(new BoundQuery(null, null, byN, 0, 1, CountMode.NONE, T.fields("id"))).count());
        assertEquals(new RecordPage(9, "[]", 0), run(new BoundQuery(named, null, byN, 0, 0, CountMode.EXACT,
                T.fields("id"))));
        assertEquals(new RecordPage(-1, "[]", 0), run(new BoundQuery(null, null, byN, 100, 5, CountMode.NONE,
                T.fields("id"))));
    }

    @Test
    void returnsOnlyRequestedFieldsInCanonicalForm() {
        BoundCondition two = T.cmp("id", Op.EQ, "2");
        List<BoundSort> byId = List.of(T.sort("id", false, Nulls.DEFAULT));
        assertEquals("[{\"id\":2,\"name\":\"alpha beta\"}]",
                run(new BoundQuery(two, null, byId, 0, 10, CountMode.NONE, T.fields("id", "name"))).resultsJson());
        assertEquals("[{\"dt\":\"2024-10-30T10:00:00.5Z\",\"t\":\"12:00:00.5\"}]",
                run(new BoundQuery(two, null, byId, 0, 10, CountMode.NONE, T.fields("dt", "t"))).resultsJson());
        assertEquals("[" + T.record(RECORDS[1]) + "]",
                run(new BoundQuery(two, null, byId, 0, 10, CountMode.NONE, T.schema().fields())).resultsJson());
    }

    @Test
    void searchesEveryTermInAnyField() {
        List<Field> name = T.fields("name");
        assertEquals(List.of(1, 2), searched("alpha", name));
        assertEquals(List.of(1), searched("alpha -beta", name));
        assertEquals(List.of(6), searched("\"gamma  ray\"", name));
        assertEquals(List.of(), searched("\"ray gamma\"", name));
        assertEquals(List.of(3), searched("a.b*c", name));
        assertEquals(List.of(8), searched("LINE2 line1", name));
        assertEquals(List.of(3, 4, 5, 6, 7, 8, 9, 10), searched("-alpha", name));
        assertEquals(List.of(1, 6, 7, 9, 10), searched("red", T.fields("name", "tags")));
        assertEquals(ALL, searched("  ", name));
    }

    @Test
    void refusesToSortWhatMongoOrdersDifferently() {
        DatablyException e = assertThrows(DatablyException.class,
                () -> run(sorted(T.sort("o", false, Nulls.DEFAULT))));
        assertEquals(ErrorCode.UNSUPPORTED_BY_PROVIDER, e.code());
        assertTrue(e.getMessage().contains("'o'") && e.getMessage().contains("mongodb"), e.getMessage());
    }

    @Test
    void declaresEveryOperatorAndSearch() {
        assertEquals(EnumSet.allOf(Op.class), provider.capabilities().operators());
        assertTrue(provider.capabilities().fullTextSearch());
    }

    // --- helpers ---

    private void assertKeys(List<Integer> expected, BoundCondition where) {
        BoundQuery query = new BoundQuery(where, null, List.of(T.sort("id", false, Nulls.DEFAULT)), 0, 100,
                CountMode.EXACT, T.schema().fields());
        RecordPage page = run(query);
        assertEquals(expected, keys(page), () -> where.toString());
        assertEquals(expected.size(), page.count());
    }

    private List<Integer> searched(String terms, List<Field> fields) {
        return keys(new BoundQuery(null, new BoundSearch(terms, fields, "english"),
                List.of(T.sort("id", false, Nulls.DEFAULT)), 0, 100, CountMode.NONE, T.schema().fields()));
    }

    private static BoundQuery sorted(BoundSort key) {
        return new BoundQuery(null, null, List.of(key, T.sort("id", false, Nulls.DEFAULT)), 0, 100, CountMode.NONE,
                T.schema().fields());
    }

    private List<Integer> keys(BoundQuery query) {
        return keys(run(query));
    }

    private static List<Integer> keys(RecordPage page) {
        List<Integer> keys = new ArrayList<>();
        for (JsonNode record : QueryFixtures.json(page.resultsJson())) {
            keys.add(record.get("id").intValue());
        }
        return keys;
    }

    private RecordPage run(BoundQuery query) {
        return await(provider.query(table, query));
    }

    private static <T> T await(io.smallrye.mutiny.Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(10));
    }
}
