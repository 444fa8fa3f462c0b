package io.datably.provider.mongo;

import static io.datably.provider.mongo.QueryFixtures.and;
import static io.datably.provider.mongo.QueryFixtures.not;
import static io.datably.provider.mongo.QueryFixtures.or;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.query.model.Op;
import io.datably.query.plan.BoundCondition;
import java.util.List;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Golden tests: bound condition → MongoDB filter. Expected filters are shell-style JSON, normalised by parsing. */
class MongoFilterCompilerTest {
    private static final QueryFixtures T = new QueryFixtures("{'fields':["
            + "{'name':'id','type':'integer'},{'name':'s','type':'string'},{'name':'n','type':'number'},"
            + "{'name':'i','type':'integer'},{'name':'d','type':'date'},{'name':'dt','type':'datetime'},"
            + "{'name':'t','type':'time'},{'name':'y','type':'year'},"
            + "{'name':'tags','type':'list','itemType':'string'},{'name':'arr','type':'array'},"
            + "{'name':'o','type':'object'},{'name':'a','type':'any'},{'name':'dur','type':'duration'}],"
            + "'primaryKey':['id']}");
    private static final String NAN = "{$numberDecimal: 'NaN'}";
    private static final String NOTHING = "{_id: {$in: []}}";
    private static final MongoFilterCompiler COMPILER = new MongoFilterCompiler(new MongoRecords("t", T.schema()));

    static Stream<Arguments> comparisons() {
        return Stream.of(
                c("eq string", T.cmp("s", Op.EQ, "'x'"), "{s: {$eq: 'x'}}"),
                c("exact is eq", T.cmp("s", Op.EXACT, "'x'"), "{s: {$eq: 'x'}}"),
                c("eq key goes to _id", T.cmp("id", Op.EQ, "7"), "{_id: {$eq: {$numberLong: '7'}}}"),
                c("eq number keeps digits", T.cmp("n", Op.EQ, "1.50"), "{n: {$eq: {$numberDecimal: '1.50'}}}"),
                c("eq datetime is padded", T.cmp("dt", Op.EQ, "'2024-10-30T10:00:00Z'"),
                        "{dt: {$eq: '2024-10-30T10:00:00.000000Z'}}"),
                c("eq time is padded", T.cmp("t", Op.EQ, "'12:00:00.5'"), "{t: {$eq: '12:00:00.500000'}}"),
                c("eq array compares whole", T.cmp("arr", Op.EQ, "[1, 2]"),
                        "{$expr: {$eq: ['$arr', {$literal: [1, 2]}]}}"),
                c("eq any is literal", T.cmp("a", Op.EQ, "'$x'"), "{$expr: {$eq: ['$a', {$literal: '$x'}]}}"),
                c("ne", T.cmp("s", Op.NE, "'x'"), "{s: {$ne: 'x'}}"),
                c("ne array", T.cmp("arr", Op.NE, "[1]"), "{$nor: [{$expr: {$eq: ['$arr', {$literal: [1]}]}}]}"),
                c("gt string", T.cmp("s", Op.GT, "'m'"), "{s: {$gt: 'm'}}"),
                c("gte integer", T.cmp("i", Op.GTE, "5"), "{i: {$gte: {$numberLong: '5'}}}"),
                c("lt datetime", T.cmp("dt", Op.LT, "'2024-10-30T10:00:00.5Z'"),
                        "{dt: {$lt: '2024-10-30T10:00:00.500000Z'}}"),
                c("lte date", T.cmp("d", Op.LTE, "'2024-10-30'"), "{d: {$lte: '2024-10-30'}}"),
                c("gt number adds NaN", T.cmp("n", Op.GT, "2"),
                        "{$or: [{n: {$gt: {$numberDecimal: '2'}}}, {n: {$eq: " + NAN + "}}]}"),
                c("gte number adds NaN", T.cmp("n", Op.GTE, "2"),
                        "{$or: [{n: {$gte: {$numberDecimal: '2'}}}, {n: {$eq: " + NAN + "}}]}"),
                c("lt number drops NaN", T.cmp("n", Op.LT, "2"),
                        "{n: {$lt: {$numberDecimal: '2'}, $ne: " + NAN + "}}"),
                c("lte number drops NaN", T.cmp("n", Op.LTE, "2"),
                        "{n: {$lte: {$numberDecimal: '2'}, $ne: " + NAN + "}}"),
                c("gt NaN is nothing", T.cmp("n", Op.GT, "'NaN'"), NOTHING),
                c("gte NaN is NaN", T.cmp("n", Op.GTE, "'NaN'"), "{n: {$eq: " + NAN + "}}"),
                c("lt NaN is every number", T.cmp("n", Op.LT, "'NaN'"), "{n: {$nin: [null, " + NAN + "]}}"),
                c("lte NaN is every value", T.cmp("n", Op.LTE, "'NaN'"), "{n: {$ne: null}}"),
                c("in", T.cmp("s", Op.IN, "'a'", "'b'"), "{s: {$in: ['a', 'b']}}"),
                c("in any", T.cmp("a", Op.IN, "[1]", "2"), "{$or: [{$expr: {$eq: ['$a', {$literal: [1]}]}}, "
                        + "{$expr: {$eq: ['$a', {$literal: 2}]}}]}"),
                c("nin", T.cmp("s", Op.NIN, "'a'"), "{s: {$nin: ['a']}}"),
                c("range", T.cmp("i", Op.RANGE, "1", "5"),
                        "{i: {$gte: {$numberLong: '1'}, $lte: {$numberLong: '5'}}}"),
                c("range number", T.cmp("n", Op.RANGE, "1", "2"), "{$and: [{$or: [{n: {$gte: {$numberDecimal: '1'}}}, "
                        + "{n: {$eq: " + NAN + "}}]}, {n: {$lte: {$numberDecimal: '2'}, $ne: " + NAN + "}}]}"),
                c("isnull true", T.cmp("s", Op.ISNULL, "true"), "{s: {$eq: null}}"),
                c("isnull false", T.cmp("s", Op.ISNULL, "false"), "{s: {$ne: null}}"),
                c("iexact", T.cmp("s", Op.IEXACT, "'a.b*c'"), "{s: {$regex: '^a\\\\.b\\\\*c\\\\z', $options: 'i'}}"),
                c("contains", T.cmp("s", Op.CONTAINS, "'(x)'"), "{s: {$regex: '\\\\(x\\\\)'}}"),
                c("icontains", T.cmp("s", Op.ICONTAINS, "'x y'"), "{s: {$regex: 'x y', $options: 'i'}}"),
                c("startswith", T.cmp("s", Op.STARTSWITH, "'$a'"), "{s: {$regex: '^\\\\$a'}}"),
                c("istartswith", T.cmp("s", Op.ISTARTSWITH, "'é'"), "{s: {$regex: '^é', $options: 'i'}}"),
                c("endswith", T.cmp("s", Op.ENDSWITH, "'a|b'"), "{s: {$regex: 'a\\\\|b\\\\z'}}"),
                c("iendswith", T.cmp("s", Op.IENDSWITH, "'[x]'"), "{s: {$regex: '\\\\[x\\\\]\\\\z', $options: 'i'}}"),
                c("like", T.cmp("s", Op.LIKE, "'a%b_c.\\\\%'"), "{s: {$regex: '^a.*b.c\\\\.\\\\%\\\\z', $options: 's'}}"),
                c("ilike", T.cmp("s", Op.ILIKE, "'%x'"), "{s: {$regex: '^.*x\\\\z', $options: 'is'}}"),
                c("regex", T.cmp("s", Op.REGEX, "'^a.+$'"), "{s: {$regex: '^a.+$', $options: 's'}}"),
                c("iregex", T.cmp("s", Op.IREGEX, "'b'"), "{s: {$regex: 'b', $options: 'is'}}"),
                c("year datetime", T.cmp("dt", Op.YEAR, "2024"), "{dt: {$regex: '^2024-'}}"),
                c("year date pads", T.cmp("d", Op.YEAR, "999"), "{d: {$regex: '^0999-'}}"),
                c("year of year field", T.cmp("y", Op.YEAR, "2024"), "{y: {$eq: 2024}}"),
                c("year out of range", T.cmp("d", Op.YEAR, "10000"), NOTHING),
                c("month", T.cmp("dt", Op.MONTH, "5"), "{dt: {$regex: '^[0-9]{4}-05'}}"),
                c("month out of range", T.cmp("dt", Op.MONTH, "13"), NOTHING),
                c("day", T.cmp("d", Op.DAY, "7"), "{d: {$regex: '^[0-9]{4}-[0-9]{2}-07'}}"),
                c("date of datetime", T.cmp("dt", Op.DATE, "'2024-10-30'"), "{dt: {$regex: '^2024\\\\-10\\\\-30T'}}"),
                c("date of date", T.cmp("d", Op.DATE, "'2024-10-30'"), "{d: {$eq: '2024-10-30'}}"),
                c("has", T.cmp("tags", Op.HAS, "'x'"), "{tags: {$eq: 'x'}}"),
                c("has array item", T.cmp("arr", Op.HAS, "[1, 2]"), "{arr: {$elemMatch: {$eq: [1, 2]}}}"),
                c("hasany", T.cmp("tags", Op.HASANY, "'x'", "'y'"), "{tags: {$in: ['x', 'y']}}"),
                c("hasany array item", T.cmp("arr", Op.HASANY, "[1]", "2"),
                        "{$or: [{arr: {$elemMatch: {$eq: [1]}}}, {arr: {$eq: 2}}]}"),
                c("hasall", T.cmp("arr", Op.HASALL, "1", "1.5"), "{arr: {$all: [1, {$numberDecimal: '1.5'}]}}"),
                c("hasall array item", T.cmp("arr", Op.HASALL, "[1]", "2"),
                        "{$and: [{arr: {$elemMatch: {$eq: [1]}}}, {arr: {$eq: 2}}]}"),
                c("haskey", T.cmp("o", Op.HASKEY, "'k'"), "{'o.k': {$exists: true}}"),
                c("haskey of any", T.cmp("a", Op.HASKEY, "'0'"), "{$and: [{a: {$type: 'object'}}, {'a.0': {$exists: true}}]}"));
    }

    static Stream<Arguments> trees() {
        BoundCondition eq = T.cmp("s", Op.EQ, "'x'");
        BoundCondition gt = T.cmp("i", Op.GT, "1");
        String eqT = "{s: {$eq: 'x'}}";
        String gtT = "{i: {$gt: {$numberLong: '1'}}}";
        String eqF = "{$and: [{s: {$ne: null}}, {$nor: [" + eqT + "]}]}";
        String gtF = "{$and: [{i: {$ne: null}}, {$nor: [" + gtT + "]}]}";
        return Stream.of(
                c("and", and(eq, gt), "{$and: [" + eqT + ", " + gtT + "]}"),
                c("or", or(eq, gt), "{$or: [" + eqT + ", " + gtT + "]}"),
                c("and of one is the item", and(eq), eqT),
                c("empty and is everything", and(), "{}"),
                c("empty or is nothing", or(), NOTHING),
                c("not skips nulls", not(eq), eqF),
                c("not ne keeps nor", not(T.cmp("s", Op.NE, "'x'")), "{$nor: [{s: {$ne: 'x'}}]}"),
                c("not nin keeps nor", not(T.cmp("s", Op.NIN, "'x'")), "{$nor: [{s: {$nin: ['x']}}]}"),
                c("not isnull keeps nor", not(T.cmp("s", Op.ISNULL, "true")), "{$nor: [{s: {$eq: null}}]}"),
                c("not not", not(not(eq)), eqT),
                c("not and is or of nots", not(and(eq, gt)), "{$or: [" + eqF + ", " + gtF + "]}"),
                c("not or is and of nots", not(or(eq, not(gt))), "{$and: [" + eqF + ", " + gtT + "]}"),
                c("nested", and(or(eq, not(gt)), not(or())), "{$and: [{$or: [" + eqT + ", " + gtF + "]}, {}]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"comparisons", "trees"})
    void compilesToExpectedFilter(String name, BoundCondition condition, String expected) {
        assertEquals(normalized(expected), normalized(COMPILER.compile(condition).toJson()));
    }

    @Test
    void compilesNoFilterToEverything() {
        assertEquals("{}", COMPILER.compile(null).toJson());
    }

    @Test
    void coversEveryOperator() {
        List<String> covered = comparisons().map(a -> ((BoundCondition.Compare) a.get()[1]).op().token()).toList();
        for (Op op : Op.values()) {
            assertTrue(covered.contains(op.token()), "no golden test for " + op.token());
        }
    }

    @Test
    void rejectsWhatMongoCannotAnswerLikePostgres() {
        assertFails(ErrorCode.INVALID_PARAMETER, "s__like", T.cmp("s", Op.LIKE, "'a\\\\'"));
        assertFails(ErrorCode.UNSUPPORTED_BY_PROVIDER, "o__haskey", T.cmp("o", Op.HASKEY, "'a.b'"));
        assertFails(ErrorCode.UNSUPPORTED_BY_PROVIDER, "o__haskey", T.cmp("o", Op.HASKEY, "'$where'"));
        assertFails(ErrorCode.UNSUPPORTED_BY_PROVIDER, "dur", T.cmp("dur", Op.GT, "'P1D'"));
        assertFails(ErrorCode.UNSUPPORTED_BY_PROVIDER, "arr", T.cmp("arr", Op.RANGE, "[1]", "[2]"));
    }

    private static void assertFails(ErrorCode code, String culprit, BoundCondition condition) {
        DatablyException e = assertThrows(DatablyException.class, () -> COMPILER.compile(condition));
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(culprit, e.errors().get(0).field(), e.getMessage());
    }

    /** One spelling for both sides: the JSON reader reads {@code {$regex, $options}} as a regex value, say. */
    private static String normalized(String json) {
        return BsonDocument.parse(json).toJson();
    }

    private static Arguments c(String name, BoundCondition condition, String expected) {
        return Arguments.of(name, condition, expected);
    }
}
