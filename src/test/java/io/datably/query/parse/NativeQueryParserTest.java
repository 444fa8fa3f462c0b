package io.datably.query.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.query.model.Op;
import io.datably.query.model.RecordQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NativeQueryParserTest {

    /**
     * A decoded query string as JAX-RS would hand it over: {@code &} between parameters, the first {@code =}
     * ends the name, repeated names keep their order. (Test values never contain {@code &}.)
     */
    static Map<String, List<String>> params(String query) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(eq < 0 ? "" : pair.substring(eq + 1));
        }
        return params;
    }

    private static String where(String query) {
        return QueryRendering.condition(NativeQueryParser.parse(params(query)).where());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        # plain equality; the value is taken as is outside groups (quotes, commas, spaces included)
        age=18                          | (eq [age] "18")
        name=a,b                        | (eq [name] "a,b")
        name="x"                        | (eq [name] "\\"x\\"")
        name=                           | (eq [name] "")
        `name= x `                      | (eq [name] " x ")
        name=a=b(c)                     | (eq [name] "a=b(c)")
        # paths: the last segment is an operator only when it is an operator token
        author__name=x                  | (eq [author name] "x")
        author__name__icontains=ann     | (icontains [author name] "ann")
        a__b__c__in=1                   | (in [a b c] ["1"])
        a___id=1                        | (eq [a _id] "1")
        year=2024                       | (eq [year] "2024")
        eq=1                            | (eq [eq] "1")
        age__GT=1                       | (eq [age GT] "1")
        a__eq__eq=1                     | (eq [a eq] "1")
        page__eq=2                      | (eq [page] "2")
        # list operators split on commas; quoted items may hold commas
        id__in=1,2,3                    | (in [id] ["1","2","3"])
        name__in="a,b",c                | (in [name] ["a,b","c"])
        name__in="a\\"b",c              | (in [name] ["a\\"b","c"])
        name__in="a\\\\b"               | (in [name] ["a\\\\b"])
        name__in="\\d+"                 | (in [name] ["\\\\d+"])
        name__in=""                     | (in [name] [""])
        id__in=                         | (in [id] [])
        id__in=1,,2                     | (in [id] ["1","","2"])
        id__in=1,                       | (in [id] ["1",""])
        `id__in= 1 , 2 `                | (in [id] ["1","2"])
        `name__in=" a ",b`              | (in [name] [" a ","b"])
        name__in=f(x),g=h               | (in [name] ["f(x)","g=h"])
        age__range=1,5                  | (range [age] ["1","5"])
        tags__hasall="x,y",z            | (hasall [tags] ["x,y","z"])
        # several parameters, and a repeated filter, are ANDed in order
        a=1&b=2                         | (and (eq [a] "1") (eq [b] "2"))
        age__gt=1&age__gt=2             | (and (gt [age] "1") (gt [age] "2"))
        # groups
        or=(age__lt=18,age__gt=65)      | (or (lt [age] "18") (gt [age] "65"))
        and=(a=1,b=2)                   | (and (eq [a] "1") (eq [b] "2"))
        not=(a=1)                       | (not (eq [a] "1"))
        not=(a=1,b=2)                   | (not (and (eq [a] "1") (eq [b] "2")))
        or=(a=1)                        | (or (eq [a] "1"))
        age=18&or=(age__lt=5,not=(name=x))                    | (and (eq [age] "18") (or (lt [age] "5") (not (eq [name] "x"))))
        or=(a=1,and=(b=2,not=(c=3,or=(d=4,e__in=(5,6)))))     | (or (eq [a] "1") (and (eq [b] "2") (not (and (eq [c] "3") (or (eq [d] "4") (in [e] ["5","6"]))))))
        or=(a=1)&or=(b=2)               | (and (or (eq [a] "1")) (or (eq [b] "2")))
        or=(a=1)&x=2&and=(b=3)          | (and (or (eq [a] "1")) (eq [x] "2") (and (eq [b] "3")))
        or=(author__name__icontains=ann,year__gte=2020) | (or (icontains [author name] "ann") (gte [year] "2020"))
        or=(or__eq=1,page=2)            | (or (eq [or] "1") (eq [page] "2"))
        # quoting inside groups
        or=(name="a,b(c)=d",x=1)        | (or (eq [name] "a,b(c)=d") (eq [x] "1"))
        or=(name="say \\"hi\\"")        | (or (eq [name] "say \\"hi\\""))
        or=(name="back\\\\slash")       | (or (eq [name] "back\\\\slash"))
        or=(name="",x=1)                | (or (eq [name] "") (eq [x] "1"))
        or=(name=,x=1)                  | (or (eq [name] "") (eq [x] "1"))
        `or=( a = 1 , b = John Smith ) ` | (or (eq [a] "1") (eq [b] "John Smith"))
        `or=(name=" padded ")`          | (or (eq [name] " padded "))
        or=(name=x-y:z.w)               | (or (eq [name] "x-y:z.w"))
        # list operators inside groups: in parentheses or in quotes
        or=(id__in=(1,2),name=x)        | (or (in [id] ["1","2"]) (eq [name] "x"))
        or=(id__in="1,2")               | (or (in [id] ["1","2"]))
        or=(name__in=("a,b",c))         | (or (in [name] ["a,b","c"]))
        or=(name__in="\\"a,b\\",c")     | (or (in [name] ["a,b","c"]))
        or=(id__in=())                  | (or (in [id] []))
        or=(id__in=(1,,2))              | (or (in [id] ["1","","2"]))
        or=(age__range=(1,5))           | (or (range [age] ["1","5"]))
        """)
    void parsesFilters(String query, String expected) {
        assertEquals(expected, where(query));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(Op.class)
    void parsesEveryOperatorAtTopLevelAndInGroups(Op op) {
        String t = op.token();
        if (op.takesList()) {
            assertEquals("(" + t + " [f] [\"a\",\"b\"])", where("f__" + t + "=a,b"));
            assertEquals("(or (" + t + " [r f] [\"a\",\"b\"]))", where("or=(r__f__" + t + "=(a,b))"));
        } else {
            assertEquals("(" + t + " [f] \"a,b\")", where("f__" + t + "=a,b"));
            assertEquals("(or (" + t + " [r f] \"v\"))", where("or=(r__f__" + t + "=v)"));
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        ``                                        | ``
        ordering=-age,name,author__name           | ordering=-[age] [name] [author name]
        ordering=-age:nullslast,name:nullsfirst   | ordering=-[age]:last [name]:first
        `ordering= -age , name `                  | ordering=-[age] [name]
        ordering=                                 | ``
        fields=a,b,author__name                   | fields=[a] [b] [author name]
        fields=                                   | ``
        expand=author,comments.author             | expand=author comments(author)
        expand=comments,comments.author           | expand=comments(author)
        expand=a.b.c,d,a.e,a.b.f                  | expand=a(b(c f) e) d
        expand=comments:5,comments.author:1       | expand=comments:5(author:1)
        expand=a.b:3,a:2.b                        | expand=a:2(b:3)
        page=2&page_size=10                       | page=2 size=10
        page=007&page_size=0                      | page=7 size=0
        page_size=9223372036854775807             | size=9223372036854775807
        cursor=abc==                              | cursor=abc==
        cursor=                                   | cursor=
        count=exact                               | ``
        count=planned                             | count=planned
        count=none                                | count=none
        search=hello world                        | search=hello world
        search=                                   | ``
        search=a&ordering=-a&page=1&page_size=5&fields=a&expand=b&count=none&a=1 | where=(eq [a] "1") search=a ordering=-[a] page=1 size=5 fields=[a] expand=b count=none
        """)
    void parsesReservedParameters(String query, String expected) {
        assertEquals(expected, QueryRendering.query(NativeQueryParser.parse(params(query))));
    }

    @Test
    void parsesNoParametersToTheDefaults() {
        RecordQuery query = NativeQueryParser.parse(Map.of());
        assertEquals("", QueryRendering.query(query));
        assertEquals("", QueryRendering.query(NativeQueryParser.parse(null)));
        assertEquals(null, query.fields());
    }

    @Test
    void toleratesNullsFromTheFramework() {
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("page", List.of());
        params.put("ordering", null);
        List<String> nullValue = new ArrayList<>();
        nullValue.add(null);
        params.put("name", nullValue);
        assertEquals("where=(eq [name] \"\")", QueryRendering.query(NativeQueryParser.parse(params)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        # filter keys
        a____b=1                  | a____b     | 'a____b'
        __x=1                     | __x        | '__x'
        x__=1                     | x__        | 'x__'
        =1                        | ``         | empty field name
        age__range=1              | age__range | exactly 2 values
        age__range=1,2,3          | age__range | got 3
        id__in="a                 | id__in     | unclosed double quote at character 1 in '"a'
        id__in="a"b               | id__in     | expected ',' or the end of the value
        name__in=a"b"             | name__in   | quoted value 'b'
        # groups
        or=                       | or         | expected '(' to open the 'or' group but found the end
        or=()                     | or         | group is empty
        `or=(  )`                 | or         | group is empty
        and=()                    | and        | 'and' group is empty
        not=()                    | not        | 'not' group is empty
        or=(a=1,not=(and=()))     | or         | 'and' group is empty
        or=(a=1                   | or         | expected ',' or ')' after a condition but found the end
        or=(a=1))                 | or         | expected the end of the value
        or=(a=1)x                 | or         | found 'x' at character 6 in '(a=1)x'
        or=a=1                    | or         | expected '(' to open
        or=(a)                    | or         | expected '=' after 'a'
        or=(=1)                   | or         | expected a condition
        or=(a=1,)                 | or         | but found ')'
        or=(a=1,,b=2)             | or         | but found ','
        or=(a=(1))                | or         | expected a value but found '('
        or=(a=b=c)                | or         | expected ',' or ')' after a condition but found '='
        or=(a="x"y)               | or         | found 'y'
        or=(a="x)                 | or         | unclosed double quote
        or=("a"=1)                | or         | found quoted value 'a'
        or=(or=1)                 | or         | expected '(' to open the 'or' group but found '1'
        or=(id__in=1)             | or         | expected the list of 'in' but found '1'
        or=(id__in=(1,(2)))       | or         | expected a list item but found '('
        or=(id__in=(1,2)          | or         | expected ',' or ')' after a condition
        or=(id__in=(1,2           | or         | expected ',' or ')' after a list item
        or=(age__range=(1))       | or         | exactly 2 values
        or=(age__range="1,2,3")   | or         | got 3
        or=(a____b=1)             | or         | 'a____b'
        or=(a__=1)                | or         | 'a__'
        and=(x)                   | and        | expected '='
        not=(a=1)(b=2)            | not        | expected the end
        or=((a=1))                | or         | expected a condition
        or=)(                     | or         | expected '('
        # ordering
        ordering=age:desc         | ordering   | unknown suffix in ordering key 'age:desc'
        ordering=age:             | ordering   | unknown suffix
        ordering=--age            | ordering   | '--age'
        ordering=-                | ordering   | '-'
        ordering=a,,b             | ordering   | empty ordering key in 'a,,b'
        ordering=a,               | ordering   | empty ordering key
        ordering=a____b           | ordering   | 'a____b'
        ordering=-age&ordering=b  | ordering   | given 2 times
        # fields and expand
        fields=a,,b               | fields     | empty field name in 'a,,b'
        fields=a____b             | fields     | 'a____b'
        fields=a&fields=b         | fields     | given 2 times
        expand=a..b               | expand     | 'a..b'
        expand=.a                 | expand     | '.a'
        expand=a.                 | expand     | 'a.'
        expand=a,,b               | expand     | ``
        expand=a&expand=b         | expand     | given 2 times
        expand=a:x                | expand     | 'a:x'
        expand=a:-1               | expand     | 'a:-1'
        expand=a:                 | expand     | 'a:'
        expand=:3                 | expand     | ':3'
        expand=a:1234567890       | expand     | 'a:1234567890'
        expand=a:1,a:2            | expand     | two limits
        # pagination and count
        page=abc                  | page       | must be a whole number, not 'abc'
        page=1e3                  | page       | '1e3'
        page=-1                   | page       | '-1'
        page=+1                   | page       | '+1'
        page=1.5                  | page       | '1.5'
        page=                     | page       | whole number
        `page= 1`                 | page       | ' 1'
        page_size=9223372036854775808 | page_size | too large
        page_size=99999999999999999999999 | page_size | too large
        page=1&page=2             | page       | given 2 times
        page_size=1&page_size=1   | page_size  | given 2 times
        cursor=a&cursor=b         | cursor     | given 2 times
        count=all                 | count      | must be exact, planned or none, not 'all'
        count=EXACT               | count      | 'EXACT'
        count=                    | count      | not ''
        count=none&count=exact    | count      | given 2 times
        search=a&search=b         | search     | given 2 times
        """)
    void rejectsWithTheParameterNamed(String query, String parameter, String excerpt) {
        DatablyException e = assertThrows(DatablyException.class, () -> NativeQueryParser.parse(params(query)));
        assertEquals(ErrorCode.INVALID_PARAMETER, e.code());
        assertEquals(parameter, e.errors().get(0).field(), e.getMessage());
        assertTrue(e.getMessage().startsWith("Parameter '" + parameter + "': "), e.getMessage());
        assertTrue(e.getMessage().contains(excerpt), () -> "'" + excerpt + "' not in: " + e.getMessage());
    }

    @Test
    void capsGroupNestingAt32() {
        String depth32 = "or=(a=1,".repeat(31) + "or=(a=1" + ")".repeat(32);
        assertTrue(where(depth32).startsWith("(or (eq [a] \"1\") (or"));
        String depth33 = "or=(".repeat(33) + "a=1" + ")".repeat(33);
        DatablyException e = assertThrows(DatablyException.class, () -> where(depth33));
        assertTrue(e.getMessage().contains("nested more than 32 deep"), e.getMessage());
    }

    static Stream<Arguments> hugeInputs() {
        String big = "x".repeat(100_000);
        return Stream.of(
                Arguments.of("deep groups", "or=" + "(or=".repeat(50_000)),
                Arguments.of("open parens", "or=" + "(".repeat(100_000)),
                Arguments.of("close parens", "or=" + ")".repeat(100_000)),
                Arguments.of("unclosed quote", "or=(a=\"" + big),
                Arguments.of("quote in list", "id__in=\"" + big),
                Arguments.of("long bad key", "a____" + big + "=1"),
                Arguments.of("long group key", "or=(" + big + ")"),
                Arguments.of("long ordering", "ordering=" + big + ":x"),
                Arguments.of("deep expand", "expand=" + "a.".repeat(50_000) + "a"),
                Arguments.of("long page", "page=" + "9".repeat(100_000)),
                Arguments.of("long count", "count=" + big),
                Arguments.of("commas in group", "or=(" + ",".repeat(100_000)),
                Arguments.of("backslashes", "or=(a=\"" + "\\".repeat(100_000)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("hugeInputs")
    void rejectsHugeInputsBriefly(String label, String query) {
        DatablyException e = assertThrows(DatablyException.class, () -> NativeQueryParser.parse(params(query)));
        assertTrue(e.getMessage().length() < 400, () -> label + ": message too long: " + e.getMessage().length());
        assertTrue(e.errors().get(0).field().length() <= 61, label);
    }

    @Test
    void acceptsHugeValidInputs() {
        String big = "x".repeat(100_000);
        assertEquals(100_000, NativeQueryParser.parse(params("name=" + big)).where().toString().length()
                - "Compare[path=[name], op=EQ, value=\"\", negated=false]".length());
        assertEquals("(in [id] " + "[\"\"" + ",\"\"".repeat(100_000) + "])", where("id__in=" + ",".repeat(100_000)));
        String group = "or=(" + "a=1,".repeat(20_000) + "a=\"" + big + "\")";
        assertTrue(where(group).endsWith(big + "\"))"));
        String page = "page=" + "0".repeat(100_000) + "42";
        assertEquals(42L, NativeQueryParser.parse(params(page)).pagination().page());
    }

    /** Random strings over the grammar's special characters: anything may fail, but only as a 400. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void fuzzYieldsOnlyDatablyExceptions(long seed) {
        Random random = new Random(seed);
        String alphabet = "()=,\"\\_ab:.-+ \t\u0000é";
        String[] names = {"or", "and", "not", "ordering", "fields", "expand", "page", "page_size", "count",
                "cursor", "search", "a__in", "a__range", "a__b", "a__eq", "x", ""};
        String[] fragments = {"or=(", "and=(", "not=(", "a=1", "b__in=(", "c__range=", "\"x,y\"", ",", ")",
                "(", "=", "\"", "\\", "-a:nullslast", "a.b", "1"};
        for (int i = 0; i < 1_000; i++) {
            StringBuilder value = new StringBuilder(random.nextBoolean() ? "(" : "");
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                // Half the inputs are random characters, half random runs of the grammar's own pieces.
                if (i % 2 == 0) {
                    value.append(alphabet.charAt(random.nextInt(alphabet.length())));
                } else {
                    value.append(fragments[random.nextInt(fragments.length)]);
                }
            }
            String name = random.nextInt(4) == 0 ? value.toString() : names[random.nextInt(names.length)];
            Map<String, List<String>> params = new LinkedHashMap<>();
            params.put(name, List.of(value.toString()));
            try {
                NativeQueryParser.parse(params);
            } catch (DatablyException e) {
                assertEquals(ErrorCode.INVALID_PARAMETER, e.code());
                assertTrue(e.getMessage().length() < 400, e.getMessage());
            } catch (RuntimeException | StackOverflowError e) {
                fail(name + "=" + value + " threw " + e, e);
            }
        }
    }
}
