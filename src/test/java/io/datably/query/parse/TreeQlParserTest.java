package io.datably.query.parse;

import static io.datably.query.parse.NativeQueryParserTest.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.query.model.Condition;
import io.datably.query.model.TreeQlRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TreeQlParserTest {

    private static String where(String query) {
        return QueryRendering.condition(TreeQlParser.parse(params(query)).where());
    }

    private static String request(String query) {
        return QueryRendering.treeQl(TreeQlParser.parse(params(query)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        # every match type
        filter=id,cs,a                  | (contains [id] "a")
        filter=id,sw,a                  | (startswith [id] "a")
        filter=id,ew,a                  | (endswith [id] "a")
        filter=id,eq,1                  | (eq [id] "1")
        filter=id,lt,1                  | (lt [id] "1")
        filter=id,le,1                  | (lte [id] "1")
        filter=id,ge,1                  | (gte [id] "1")
        filter=id,gt,1                  | (gt [id] "1")
        filter=id,bt,1,5                | (range [id] ["1","5"])
        filter=id,in,1,2,3              | (in [id] ["1","2","3"])
        filter=icon,is                  | (isnull [icon] true)
        filter=icon,is,null             | (isnull [icon] true)
        filter=icon,is,anything         | (isnull [icon] true)
        # every negation: a flag on the comparison, not a Not around it; nis is plain isnull false
        filter=id,ncs,a                 | (!contains [id] "a")
        filter=id,nsw,a                 | (!startswith [id] "a")
        filter=id,new,a                 | (!endswith [id] "a")
        filter=id,neq,1                 | (!eq [id] "1")
        filter=id,nlt,1                 | (!lt [id] "1")
        filter=id,nle,1                 | (!lte [id] "1")
        filter=id,nge,1                 | (!gte [id] "1")
        filter=id,ngt,1                 | (!gt [id] "1")
        filter=id,nbt,1,5               | (!range [id] ["1","5"])
        filter=id,nin,1,2               | (!in [id] ["1","2"])
        filter=icon,nis                 | (isnull [icon] false)
        filter=icon,nis,null            | (isnull [icon] false)
        # bt splits on its first comma only, in on every comma; both keep empty items
        filter=id,bt,1,2,3              | (range [id] ["1","2,3"])
        filter=id,bt,1                  | (range [id] ["1"])
        filter=id,bt,1,                 | (range [id] ["1",""])
        filter=id,bt                    | (range [id] [""])
        filter=id,in,1                  | (in [id] ["1"])
        filter=id,in,1,,2               | (in [id] ["1","","2"])
        filter=id,in,1,                 | (in [id] ["1",""])
        filter=id,in                    | (in [id] [""])
        # the value is everything after the second comma, as written (the caller decodes %2C before)
        filter=content,eq,a,b           | (eq [content] "a,b")
        filter=content,cs,a,b,c         | (contains [content] "a,b,c")
        filter=id,eq                    | (eq [id] "")
        filter=id,eq,                   | (eq [id] "")
        `filter=name,eq, a `            | (eq [name] " a ")
        filter=name,eq,x=y              | (eq [name] "x=y")
        filter=name,eq,%2C              | (eq [name] "%2C")
        filter=name,eq,"x"              | (eq [name] "\\"x\\"")
        filter=name,eq,true             | (eq [name] "true")
        # dotted columns are relation paths
        filter=comments.message,cs,great         | (contains [comments message] "great")
        filter=categories.name,eq,x              | (eq [categories name] "x")
        filter=comments.categories.name,eq,x     | (eq [comments categories name] "x")
        filter=comments.message,ncs,great        | (!contains [comments message] "great")
        filter=comments.id,nin,1,2               | (!in [comments id] ["1","2"])
        # repeats, filter[] and filter[N] are ANDed in order of appearance
        filter=id,gt,1&filter=id,lt,3                       | (and (gt [id] "1") (lt [id] "3"))
        filter=id,ge,1&filter=id,le,2                       | (and (gte [id] "1") (lte [id] "2"))
        filter[]=id,ge,1&filter[]=id,le,2                   | (and (gte [id] "1") (lte [id] "2"))
        filter[0]=id,ge,1&filter[1]=id,le,2                 | (and (gte [id] "1") (lte [id] "2"))
        filter=a,eq,1&filter[]=b,eq,2&filter[17]=c,eq,3     | (and (eq [a] "1") (eq [b] "2") (eq [c] "3"))
        filter=icon,is,null&filter=id,le,2                  | (and (isnull [icon] true) (lte [id] "2"))
        # numbered groups are ORed with each other and ANDed with the plain filters
        filter1=id,eq,2&filter2=id,eq,4                     | (or (eq [id] "2") (eq [id] "4"))
        filter1=id,eq,1&filter2=id,gt,1&filter2=id,lt,3     | (or (eq [id] "1") (and (gt [id] "1") (lt [id] "3")))
        filter1=id,eq,2&filter1=id,eq,4&filter2=id,eq,5     | (or (and (eq [id] "2") (eq [id] "4")) (eq [id] "5"))
        filter1=id,eq,1&filter2=id,eq,2&filter=user_id,eq,1 | (and (eq [user_id] "1") (or (eq [id] "1") (eq [id] "2")))
        filter=a,eq,1&filter1=b,eq,2&filter2=c,eq,3         | (and (eq [a] "1") (or (eq [b] "2") (eq [c] "3")))
        filter1=x,eq,1&filter1=y,eq,2&filter2=z,eq,3        | (or (and (eq [x] "1") (eq [y] "2")) (eq [z] "3"))
        filter=a,eq,1&filter=b,eq,2&filter1=c,eq,3&filter2=d,eq,4 | (and (eq [a] "1") (eq [b] "2") (or (eq [c] "3") (eq [d] "4")))
        # one group alone is its condition; a lone group beside plain filters is simply ANDed
        filter1=x,eq,1                  | (eq [x] "1")
        filter1=x,eq,1&filter1=y,eq,2   | (and (eq [x] "1") (eq [y] "2"))
        filter=a,eq,1&filter1=b,eq,2    | (and (eq [a] "1") (eq [b] "2"))
        # groups are ordered by first appearance, not by number
        filter2=b,eq,2&filter1=a,eq,1   | (or (eq [b] "2") (eq [a] "1"))
        filter9=a,eq,1&filter10=b,eq,2  | (or (eq [a] "1") (eq [b] "2"))
        # a letter suffix nests one more level: subgroups ORed inside their group, which ANDs its own filters
        filter1a=x,eq,1&filter1b=y,eq,2                                     | (or (eq [x] "1") (eq [y] "2"))
        filter1a=x,eq,1&filter1b=y,eq,2&filter2=z,eq,3                      | (or (or (eq [x] "1") (eq [y] "2")) (eq [z] "3"))
        filter1=w,eq,0&filter1a=x,eq,1&filter1b=y,eq,2&filter2=z,eq,3       | (or (and (eq [w] "0") (or (eq [x] "1") (eq [y] "2"))) (eq [z] "3"))
        filter1a=x,eq,1&filter1a=v,eq,1&filter1b=y,eq,2                     | (or (and (eq [x] "1") (eq [v] "1")) (eq [y] "2"))
        filter1b=y,eq,2&filter2=z,eq,3&filter1a=x,eq,1                      | (or (or (eq [y] "2") (eq [x] "1")) (eq [z] "3"))
        filter=r,eq,0&filter1a=x,eq,1&filter1b=y,eq,2                       | (and (eq [r] "0") (or (eq [x] "1") (eq [y] "2")))
        filter1a1=x,eq,1&filter1a2=y,eq,2&filter1b=z,eq,3                   | (or (or (eq [x] "1") (eq [y] "2")) (eq [z] "3"))
        # runs of digits and of letters are the path: 12b3 is [12 b 3], 12 is not 1 then 2, 01 is not 1
        filter12b3=x,eq,1&filter12b4=y,eq,2                                 | (or (eq [x] "1") (eq [y] "2"))
        filter12=x,eq,1&filter12=y,eq,2&filter1=z,eq,3                      | (or (and (eq [x] "1") (eq [y] "2")) (eq [z] "3"))
        filter01=x,eq,1&filter01=y,eq,2&filter1=z,eq,3                      | (or (and (eq [x] "1") (eq [y] "2")) (eq [z] "3"))
        filterab=x,eq,1&filterab=y,eq,2&filtera=z,eq,3                      | (or (and (eq [x] "1") (eq [y] "2")) (eq [z] "3"))
        filterA=x,eq,1&filtera=y,eq,2                                       | (or (eq [x] "1") (eq [y] "2"))
        filters=x,eq,1&filter=y,eq,2                                        | (and (eq [y] "2") (eq [x] "1"))
        # filter1[] and filter1[N] are filter1
        filter1[]=x,eq,1&filter1[0]=y,eq,2&filter2=z,eq,3                   | (or (and (eq [x] "1") (eq [y] "2")) (eq [z] "3"))
        filter1a[3]=x,eq,1&filter1b=y,eq,2                                  | (or (eq [x] "1") (eq [y] "2"))
        # ignored, as TreeQL ignores them: fewer than two parts, unknown or spatial types, empty columns
        filter=id                       | null
        filter=                         | null
        filter                          | null
        filter=id,                      | null
        filter=id,xx,1                  | null
        filter=id,EQ,1                  | null
        filter=id,ne,1                  | null
        filter=id,n,1                   | null
        filter=id,nneq,1                | null
        filter=id,eqq,1                 | null
        filter=geom,sco,POINT(1 1)      | null
        filter=geom,nsin,POINT(1 1)     | null
        filter=,eq,1                    | null
        filter=a.,eq,1                  | null
        filter=.a,eq,1                  | null
        filter=a..b,eq,1                | null
        filter=.,eq,1                   | null
        filter=id,eq,1&filter=id,xx,2&filter=id   | (eq [id] "1")
        filter1=id,xx,1&filter2=id,eq,2&filter3=x | (eq [id] "2")
        filter1=id,xx,1&filter=id,eq,2            | (eq [id] "2")
        # not filter parameters at all
        filter_1=a,eq,1                 | null
        filter-1=a,eq,1                 | null
        filter.1=a,eq,1                 | null
        filter[a]=a,eq,1                | null
        filter[0][1]=a,eq,1             | null
        filter1[=a,eq,1                 | null
        filter1]=a,eq,1                 | null
        filter[-1]=a,eq,1               | null
        filteré=a,eq,1                  | null
        Filter=a,eq,1                   | null
        FILTER1=a,eq,1                  | null
        ` filter=a,eq,1`                | null
        where=a,eq,1&id=1&foo=bar       | null
        """)
    void parsesFilters(String query, String expected) {
        assertEquals(expected, where(query));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        ``                                          | ``
        foo=bar&id=1&results=1&mandatory=x          | ``
        # order: repeatable; descending when the direction starts with desc, in any case
        order=id                                    | order=[id]
        order=id,desc                               | order=-[id]
        order=id,asc                                | order=[id]
        order=id,DESC                               | order=-[id]
        order=id,Descending                         | order=-[id]
        order=id,des                                | order=[id]
        order=id,x                                  | order=[id]
        order=id,                                   | order=[id]
        order=id,desc,more                          | order=-[id]
        order=category_id,asc&order=id,desc         | order=[category_id] -[id]
        order=comments.id,desc                      | order=-[comments id]
        order=                                      | ``
        order=,desc                                 | ``
        order=a..b&order=b                          | order=[b]
        # size: PHP's (int) cast, the last one wins
        size=1                                      | size=1
        size=0                                      | size=0
        size=007                                    | size=7
        size=abc                                    | size=0
        size=3x                                     | size=3
        size=                                       | size=0
        size=-1                                     | size=-1
        size=+5                                     | size=5
        `size= 7`                                   | size=7
        size=1.9                                    | size=1
        size=1e3                                    | size=1
        size=99999999999                            | size=2147483647
        size=-99999999999                           | size=-2147483648
        size=1&size=2                               | size=2
        # page=N or page=N,SIZE; the last page wins, a SIZE given earlier stays
        page=2                                      | page=2
        page=2,2                                    | page=2 pageSize=2
        page=1,0                                    | page=1 pageSize=0
        page=3,5&order=id                           | order=[id] page=3 pageSize=5
        page=x,y                                    | page=0 pageSize=0
        page=                                       | page=0
        page=,5                                     | page=0 pageSize=5
        page=2,3,4                                  | page=2 pageSize=3
        page=1,5&page=2                             | page=2 pageSize=5
        page=1,5&page=2,6                           | page=2 pageSize=6
        page=-1,-2                                  | page=-1 pageSize=-2
        # include / exclude: split on commas, repeats concatenated, entries as written (empty ones too)
        include=id,content                          | include=["id" "content"]
        include=tags.name                           | include=["tags.name"]
        include=*,posts.*                           | include=["*" "posts.*"]
        include=a&include=b,c                       | include=["a" "b" "c"]
        include=                                    | include=[""]
        `include=a,, b`                             | include=["a" "" " b"]
        exclude=comments.message,comments.category_id | exclude=["comments.message" "comments.category_id"]
        exclude=id&filter=id,eq,1                   | where=(eq [id] "1") exclude=["id"]
        # join: one path per parameter, the whole value trimmed
        join=users                                  | join=[users]
        join=post_tags,tags                         | join=[post_tags tags]
        join=categories&join=post_tags,tags&join=comments | join=[categories] [post_tags tags] [comments]
        `join= a,b `                                | join=[a b]
        join=a,,b                                   | join=[a  b]
        # fixture-like combinations
        include=tags.name&join=categories&join=post_tags,tags&join=comments&filter=id,eq,1 | where=(eq [id] "1") include=["tags.name"] join=[categories] [post_tags tags] [comments]
        include=id&filter1=id,eq,1&filter2=id,gt,1&filter2=id,lt,3 | where=(or (eq [id] "1") (and (gt [id] "1") (lt [id] "3"))) include=["id"]
        filter=id,eq,0&page=1,0                     | where=(eq [id] "0") page=1 pageSize=0
        order=id&size=1                             | order=[id] size=1
        """)
    void parsesOtherParameters(String query, String expected) {
        assertEquals(expected, request(query));
    }

    @Test
    void negationIsAFlagOnTheComparison() {
        Condition.Compare compare = (Condition.Compare) TreeQlParser.parse(params("filter=a.b,neq,1")).where();
        assertEquals(List.of("a", "b"), compare.path());
        assertTrue(compare.negated());
        Condition.Compare isNotNull = (Condition.Compare) TreeQlParser.parse(params("filter=a,nis")).where();
        assertEquals(false, isNotNull.negated());
        assertEquals(false, isNotNull.value().booleanValue());
    }

    @Test
    void parsesNothingToTheDefaults() {
        TreeQlRequest empty = TreeQlParser.parse(Map.of());
        assertEquals(new TreeQlRequest(null, List.of(), null, null, null, List.of(), List.of(), List.of()), empty);
        assertEquals(empty, TreeQlParser.parse(null));
    }

    @Test
    void toleratesNullsFromTheFramework() {
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("size", null);
        params.put("page", List.of());
        List<String> nullValue = new ArrayList<>();
        nullValue.add(null);
        params.put("include", nullValue);
        params.put(null, List.of("x"));
        params.put("filter", nullValue);
        params.put("filter1", List.of("a,eq,1"));
        assertEquals("where=(eq [a] \"1\") include=[\"\"]", QueryRendering.treeQl(TreeQlParser.parse(params)));
    }

    @Test
    void returnsImmutableLists() {
        TreeQlRequest request = TreeQlParser.parse(params("order=a&include=a&exclude=b&join=c,d"));
        assertThrows(UnsupportedOperationException.class, () -> request.ordering().clear());
        assertThrows(UnsupportedOperationException.class, () -> request.include().clear());
        assertThrows(UnsupportedOperationException.class, () -> request.exclude().clear());
        assertThrows(UnsupportedOperationException.class, () -> request.joins().clear());
        assertThrows(UnsupportedOperationException.class, () -> request.joins().get(0).clear());
    }

    @Test
    void acceptsUpTo200Filters() {
        String query = "filter=a,eq,1&".repeat(150) + "filter1=b,eq,2&".repeat(49) + "filter2=c,eq,3";
        assertEquals("(and " + "(eq [a] \"1\") ".repeat(150) + "(or (and " + "(eq [b] \"2\") ".repeat(48)
                + "(eq [b] \"2\")) (eq [c] \"3\")))", where(query));
    }

    @ParameterizedTest(name = "[{index}] {0}={1} x{2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        # name   | value  | times | then filter1 times
        filter   | a,eq,1 | 201   | 0
        filter   | a,eq,1 | 1     | 200
        filter   | a      | 1     | 200
        filter[] | ``     | 1     | 200
        filter   | a      | 201   | 0
        """)
    void rejectsThe201stFilterEvenAnIgnoredOne(String name, String value, int times, int thenFilter1) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put(name, Collections.nCopies(times, value));
        if (thenFilter1 > 0) {
            params.put("filter1", Collections.nCopies(thenFilter1, "x,eq,1"));
        }
        DatablyException e = assertThrows(DatablyException.class, () -> TreeQlParser.parse(params));
        assertInvalid(e, thenFilter1 > 0 ? "filter1" : name, "more than 200 filters in one request");
    }

    @Test
    void capsGroupNestingAt32() {
        String depth32 = "1a".repeat(15) + "1";
        assertEquals("(or (eq [x] \"1\") (eq [y] \"2\"))",
                where("filter" + depth32 + "b=x,eq,1&filter" + depth32 + "c=y,eq,2"));
        String depth33 = "filter" + "1a".repeat(16) + "1";
        DatablyException e = assertThrows(DatablyException.class, () -> where(depth33 + "=x,eq,1"));
        assertInvalid(e, depth33, "filter group nested more than 32 deep");
        // The depth counts even when the filter itself would be ignored.
        assertThrows(DatablyException.class, () -> where(depth33 + "[]=junk"));
    }

    @Test
    void rejectsHugeNamesBriefly() {
        String name = "filter" + "1a".repeat(50_000);
        DatablyException e = assertThrows(DatablyException.class, () -> where(name + "=x,eq,1"));
        assertTrue(e.getMessage().length() < 200, e.getMessage());
        assertTrue(e.errors().get(0).field().length() <= 61, e.errors().get(0).field());
    }

    @Test
    void acceptsHugeValues() {
        String big = "x".repeat(100_000);
        assertEquals("(eq [a] \"" + big + "\")", where("filter=a,eq," + big));
        assertEquals("(in [a] [\"\"" + ",\"\"".repeat(100_000) + "])", where("filter=a,in," + ",".repeat(100_000)));
        assertEquals("(eq [x] \"1\")", where("filter" + "1".repeat(100_000) + "=x,eq,1"));
        assertEquals("size=42", request("size=" + "0".repeat(100_000) + "42"));
        assertEquals("size=2147483647", request("size=" + "9".repeat(100_000)));
    }

    private static void assertInvalid(DatablyException e, String parameter, String message) {
        assertEquals(ErrorCode.INVALID_PARAMETER, e.code());
        assertEquals(parameter, e.errors().get(0).field());
        assertEquals("Parameter '" + parameter + "': " + message, e.getMessage());
    }

    /** Random names and values over TreeQL's special characters: nothing may fail but a DatablyException. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void fuzzYieldsOnlyDatablyExceptions(long seed) {
        Random random = new Random(seed);
        String alphabet = ",.[]0123456789abneqistwcl*=% \t\u0000é-";
        String[] names = {"filter", "filter[]", "filter[0]", "filter1", "filter1a", "filter2", "order", "size",
                "page", "include", "exclude", "join", "filter1[]", ""};
        String[] fragments = {"id", ",", "eq", "neq", "nis", "is", "in", "bt", "nbt", "cs", ".", "1", "a", "[", "]",
                "desc", "-", "99999999999"};
        for (int i = 0; i < 2_000; i++) {
            Map<String, List<String>> params = new LinkedHashMap<>();
            for (int p = random.nextInt(5); p >= 0; p--) {
                String value = randomText(random, i % 2 == 0, alphabet, fragments);
                String name = random.nextInt(3) == 0 ? "filter" + randomText(random, true, alphabet, fragments)
                        : names[random.nextInt(names.length)];
                params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
            try {
                TreeQlRequest request = TreeQlParser.parse(params);
                assertPathsHaveNoEmptySegment(request.where(), params);
            } catch (DatablyException e) {
                assertEquals(ErrorCode.INVALID_PARAMETER, e.code());
                assertTrue(e.getMessage().length() < 200, e.getMessage());
            } catch (RuntimeException | StackOverflowError e) {
                fail(params + " threw " + e, e);
            }
        }
    }

    private static void assertPathsHaveNoEmptySegment(Condition condition, Object input) {
        if (condition instanceof Condition.And and) {
            assertTrue(and.items().size() > 1, () -> "a one-item and from " + input);
            and.items().forEach(item -> assertPathsHaveNoEmptySegment(item, input));
        } else if (condition instanceof Condition.Or or) {
            assertTrue(or.items().size() > 1, () -> "a one-item or from " + input);
            or.items().forEach(item -> assertPathsHaveNoEmptySegment(item, input));
        } else if (condition instanceof Condition.Compare compare) {
            assertTrue(!compare.path().isEmpty() && !compare.path().contains(""), () -> "empty path from " + input);
        } else if (condition != null) {
            fail("unexpected " + condition + " from " + input);
        }
    }

    /** Half random characters, half random runs of the syntax's own pieces. */
    private static String randomText(Random random, boolean characters, String alphabet, String[] fragments) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(40);
        for (int j = 0; j < length; j++) {
            if (characters) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            } else {
                text.append(fragments[random.nextInt(fragments.length)]);
            }
        }
        return text.toString();
    }
}
