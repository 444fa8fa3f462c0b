package io.datably.query.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.query.model.Condition;
import io.datably.query.model.Op;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonQueryParserTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad test JSON: " + text, e);
        }
    }

    private static String query(String body) {
        return QueryRendering.query(JsonQueryParser.parse(json(body)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        # the tree; values are kept as the client wrote them
        {}                                                     | ``
        {"where": {"field": "age", "op": "gte", "value": 18}}  | where=(gte [age] 18)
        {"where": {"field": "name", "value": "x"}}             | where=(eq [name] "x")
        {"where": {"value": "x", "field": "name", "op": null}} | where=(eq [name] "x")
        {"where": {"field": "a", "value": null}}               | where=(eq [a] null)
        {"where": {"field": "a", "op": "has", "value": {"k": [1, true]}}} | where=(has [a] {"k":[1,true]})
        {"where": {"field": "author__name", "op": "icontains", "value": "ann"}} | where=(icontains [author name] "ann")
        {"where": {"field": "a___id", "value": 1}}             | where=(eq [a _id] 1)
        {"where": {"field": "age__gte", "value": 1}}           | where=(eq [age gte] 1)
        {"where": {"field": "id", "op": "in", "value": [1, "2", null]}} | where=(in [id] [1,"2",null])
        {"where": {"field": "id", "op": "nin", "value": []}}   | where=(nin [id] [])
        {"where": {"field": "age", "op": "range", "value": [1, 5]}} | where=(range [age] [1,5])
        {"where": {"and": [{"field": "a", "value": 1}]}}       | where=(and (eq [a] 1))
        {"where": {"not": {"field": "a", "value": 1}}}         | where=(not (eq [a] 1))
        {"where": {"and": [{"field": "age", "value": 18}, {"or": [{"field": "age", "op": "lt", "value": 5}, {"not": {"field": "name", "value": "x"}}]}]}} | where=(and (eq [age] 18) (or (lt [age] 5) (not (eq [name] "x"))))
        {"where": {"or": [{"and": [{"not": {"or": [{"field": "a", "value": 1}, {"field": "b", "value": 2}]}}]}]}} | where=(or (and (not (or (eq [a] 1) (eq [b] 2)))))
        {"where": null}                                        | ``
        # the other members
        {"search": "hello world"}                              | search=hello world
        {"search": ""}                                         | ``
        {"order_by": ["-age", "name", "author__name"]}         | ordering=-[age] [name] [author name]
        {"order_by": ["-age:nullslast", "b:nullsfirst"]}       | ordering=-[age]:last [b]:first
        {"order_by": [{"field": "age", "direction": "desc", "nulls": "last"}, {"field": "a__b"}, "c"]} | ordering=-[age]:last [a b] [c]
        {"order_by": [{"field": "a", "direction": "asc", "nulls": "first"}]} | ordering=[a]:first
        {"order_by": [{"field": "a", "direction": null, "nulls": null}]}     | ordering=[a]
        {"order_by": []}                                       | ``
        {"limit": 10, "offset": 0, "cursor": "abc=="}          | offset=0 limit=10 cursor=abc==
        {"limit": 9223372036854775807}                         | limit=9223372036854775807
        {"fields": ["a", "author__name"]}                      | fields=[a] [author name]
        {"expand": ["author", "comments.author", "comments"]}  | expand=author comments(author)
        {"expand": []}                                         | ``
        {"count": "exact"}                                     | ``
        {"count": "planned"}                                   | count=planned
        {"count": "none"}                                      | count=none
        {"where": null, "search": null, "order_by": null, "limit": null, "offset": null, "cursor": null, "fields": null, "expand": null, "count": null} | ``
        """)
    void parsesBodies(String body, String expected) {
        assertEquals(expected, query(body));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(Op.class)
    void parsesEveryOperator(Op op) {
        String value = op.takesList() ? "[1, 2]" : "\"v\"";
        String rendered = op.takesList() ? "[1,2]" : "\"v\"";
        assertEquals("(" + op.token() + " [f] " + rendered + ")", QueryRendering.condition(
                JsonQueryParser.parseCondition(json("{\"field\": \"f\", \"op\": \"" + op.token()
                        + "\", \"value\": " + value + "}"), "where")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        # unknown keys, with their path
        {"page": 1}                                                        | page              | unknown_key
        {"where": {"field": "a", "opp": "eq", "value": 1}}                 | where.opp         | unknown_key
        {"where": {"and": [{"field": "a", "value": 1}, {"field": "b", "opp": "x", "value": 1}]}} | where.and[1].opp | unknown_key
        {"where": {"not": {"not": {"field": "a", "value": 1, "x": 2}}}}    | where.not.not.x   | unknown_key
        {"where": {"and": [{"field": "a", "value": 1}], "or": []}}         | where.or          | unknown_key
        {"where": {"field": "a", "value": 1, "and": []}}                   | where.and         | unknown_key
        {"where": {"xyz": 1}}                                              | where.xyz         | unknown_key
        {"order_by": [{"field": "a", "dir": "desc"}]}                      | order_by[0].dir   | unknown_key
        # shapes of the tree
        {"where": "age=1"}                                                 | where             | type
        {"where": []}                                                      | where             | type
        {"where": {}}                                                      | where             | empty
        {"where": {"op": "eq", "value": 1}}                                | where.field       | required
        {"where": {"and": []}}                                             | where.and         | empty
        {"where": {"or": {}}}                                              | where.or          | type
        {"where": {"and": null}}                                           | where.and         | type
        {"where": {"and": [1]}}                                            | where.and[0]      | type
        {"where": {"or": [{"field": "a", "value": 1}, null]}}              | where.or[1]       | type
        {"where": {"not": [{"field": "a", "value": 1}]}}                   | where.not         | type
        {"where": {"field": 1, "value": 1}}                                | where.field       | type
        {"where": {"field": null, "value": 1}}                             | where.field       | type
        {"where": {"field": "a____b", "value": 1}}                         | where.field       | invalid
        {"where": {"field": "", "value": 1}}                               | where.field       | invalid
        {"where": {"field": "a", "op": "gtee", "value": 1}}                | where.op          | unknown_operator
        {"where": {"field": "a", "op": "GTE", "value": 1}}                 | where.op          | unknown_operator
        {"where": {"field": "a", "op": 5, "value": 1}}                     | where.op          | type
        {"where": {"field": "a"}}                                          | where.value       | required
        {"where": {"field": "a", "op": "in", "value": "1,2"}}              | where.value       | type
        {"where": {"field": "a", "op": "hasall", "value": {}}}             | where.value       | type
        {"where": {"field": "a", "op": "range", "value": [1]}}             | where.value       | size
        {"where": {"field": "a", "op": "range", "value": [1, 2, 3]}}       | where.value       | size
        # the other members
        {"limit": "10"}                                                    | limit             | type
        {"limit": 1.5}                                                     | limit             | type
        {"limit": 10.0}                                                    | limit             | type
        {"limit": 1e3}                                                     | limit             | type
        {"limit": -1}                                                      | limit             | type
        {"offset": 99999999999999999999}                                   | offset            | type
        {"offset": true}                                                   | offset            | type
        {"search": 5}                                                      | search            | type
        {"cursor": []}                                                     | cursor            | type
        {"order_by": "-age"}                                               | order_by          | type
        {"order_by": [5]}                                                  | order_by[0]       | type
        {"order_by": ["age", "age:desc"]}                                  | order_by[1]       | invalid
        {"order_by": ["--age"]}                                            | order_by[0]       | invalid
        {"order_by": [" age"]}                                             | order_by[0]       | invalid
        {"order_by": [{"direction": "desc"}]}                              | order_by[0].field | required
        {"order_by": [{"field": 1}]}                                       | order_by[0].field | type
        {"order_by": [{"field": "a", "direction": "down"}]}                | order_by[0].direction | invalid_value
        {"order_by": [{"field": "a", "direction": 1}]}                     | order_by[0].direction | type
        {"order_by": [{"field": "a", "nulls": "top"}]}                     | order_by[0].nulls | invalid_value
        {"fields": []}                                                     | fields            | empty
        {"fields": "a,b"}                                                  | fields            | type
        {"fields": ["a", 1]}                                               | fields[1]         | type
        {"fields": ["a____b"]}                                             | fields[0]         | invalid
        {"expand": ["a..b"]}                                               | expand[0]         | invalid
        {"expand": "a"}                                                    | expand            | type
        {"expand": [null]}                                                 | expand[0]         | type
        {"count": "all"}                                                   | count             | invalid_value
        {"count": 1}                                                       | count             | type
        """)
    void rejectsWithTheJsonPathNamed(String body, String path, String code) {
        DatablyException e = assertThrows(DatablyException.class, () -> JsonQueryParser.parse(json(body)));
        assertEquals(ErrorCode.INVALID_FIELD, e.code(), e.getMessage());
        assertEquals(path, e.errors().get(0).field(), e.getMessage());
        assertEquals(code, e.errors().get(0).code(), e.getMessage());
        assertTrue(e.getMessage().startsWith("Field '" + path + "': "), e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"[]", "\"where\"", "42", "null"})
    void rejectsABodyThatIsNotAnObject(String body) {
        DatablyException e = assertThrows(DatablyException.class, () -> JsonQueryParser.parse(json(body)));
        assertEquals(ErrorCode.MALFORMED_BODY, e.code());
        assertThrows(DatablyException.class, () -> JsonQueryParser.parse(null));
    }

    @Test
    void quotesTheBadInputInMessages() {
        DatablyException op = assertThrows(DatablyException.class, () -> JsonQueryParser.parse(
                json("{\"where\": {\"field\": \"a\", \"op\": \"gtee\", \"value\": 1}}")));
        assertTrue(op.getMessage().contains("unknown operator 'gtee'; one of eq, ne, gt"), op.getMessage());
        DatablyException limit = assertThrows(DatablyException.class, () -> query("{\"limit\": \"ten\"}"));
        assertEquals("Field 'limit': must be a whole number (0 or more), not string '\"ten\"'", limit.getMessage());
        DatablyException key = assertThrows(DatablyException.class, () -> query("{\"where\": {\"fied\": 1}}"));
        assertEquals("Field 'where.fied': unknown key 'fied'; expected one of and, or, not, field, op, value",
                key.getMessage());
    }

    @Test
    void parseConditionNamesPathsUnderTheGivenRoot() {
        Condition c = JsonQueryParser.parseCondition(json("{\"or\": [{\"field\": \"a\", \"value\": 1}]}"), "having");
        assertEquals("(or (eq [a] 1))", QueryRendering.condition(c));
        DatablyException e = assertThrows(DatablyException.class, () -> JsonQueryParser.parseCondition(
                json("{\"or\": [{\"field\": \"a\"}]}"), "having"));
        assertEquals("having.or[0].value", e.errors().get(0).field());
        DatablyException missing = assertThrows(DatablyException.class,
                () -> JsonQueryParser.parseCondition(null, "where"));
        assertEquals("where", missing.errors().get(0).field());
    }

    @Test
    void capsNestingAt32() {
        JsonNode depth32 = json("{\"field\": \"a\", \"value\": 1}");
        for (int i = 1; i < 32; i++) {
            depth32 = NODES.objectNode().set("not", depth32);
        }
        assertTrue(QueryRendering.condition(JsonQueryParser.parseCondition(depth32, "where")).startsWith("(not"));
        JsonNode depth33 = NODES.objectNode().set("and", NODES.arrayNode().add(depth32));
        DatablyException e = assertThrows(DatablyException.class,
                () -> JsonQueryParser.parseCondition(depth33, "where"));
        assertEquals("depth", e.errors().get(0).code());
    }

    @Test
    void survivesHugeAndDeepInput() {
        ObjectNode deep = NODES.objectNode();
        ObjectNode node = deep;
        for (int i = 0; i < 100_000; i++) {
            node = node.putObject("not");
        }
        DatablyException e = assertThrows(DatablyException.class, () -> JsonQueryParser.parseCondition(deep, "w"));
        assertTrue(e.errors().get(0).field().length() < 200, "path is cut");
        // A deeply nested value is the planner's business; the parser keeps it without walking it.
        ArrayNode value = NODES.arrayNode();
        ArrayNode inner = value;
        for (int i = 0; i < 100_000; i++) {
            inner = inner.addArray();
        }
        ObjectNode compare = NODES.objectNode().put("field", "a").put("op", "in");
        compare.set("value", value);
        assertEquals(Op.IN, ((Condition.Compare) JsonQueryParser.parseCondition(compare, "w")).op());
        ObjectNode wide = NODES.objectNode();
        ArrayNode items = wide.putArray("or");
        for (int i = 0; i < 50_000; i++) {
            items.addObject().put("field", "a").put("value", i);
        }
        assertEquals(50_000, ((Condition.Or) JsonQueryParser.parseCondition(wide, "w")).items().size());
        DatablyException op = assertThrows(DatablyException.class, () -> JsonQueryParser.parseCondition(
                NODES.objectNode().put("field", "a").put("op", "x".repeat(100_000)).put("value", 1), "w"));
        assertTrue(op.getMessage().length() < 400);
        DatablyException limit = assertThrows(DatablyException.class, () -> JsonQueryParser.parse(
                NODES.objectNode().set("limit", value)));
        assertTrue(limit.getMessage().length() < 400);
    }

    /** Random trees built from the tree's own keys and a few wrong shapes: only DatablyException may come out. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void fuzzYieldsOnlyDatablyExceptions(long seed) {
        Random random = new Random(seed);
        List<String> keys = List.of("where", "search", "order_by", "limit", "offset", "cursor", "fields", "expand",
                "count", "and", "or", "not", "field", "op", "value", "direction", "nulls", "x");
        for (int i = 0; i < 1_000; i++) {
            JsonNode body = randomNode(random, keys, 0);
            try {
                JsonQueryParser.parse(body);
            } catch (DatablyException e) {
                assertTrue(e.getMessage().length() < 600, e.getMessage());
            } catch (RuntimeException | StackOverflowError e) {
                fail(body + " threw " + e, e);
            }
        }
    }

    private static JsonNode randomNode(Random random, List<String> keys, int depth) {
        int kind = depth > 6 ? random.nextInt(5) : random.nextInt(8);
        return switch (kind) {
            case 0 -> NODES.textNode(List.of("eq", "in", "range", "-a:nullslast", "a__b", "a.b", "", "exact",
                    "desc", "last").get(random.nextInt(10)));
            case 1 -> NODES.numberNode(random.nextInt(5) - 1);
            case 2 -> NODES.numberNode(random.nextDouble());
            case 3 -> NODES.nullNode();
            case 4 -> NODES.booleanNode(random.nextBoolean());
            case 5 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    array.add(randomNode(random, keys, depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(keys.get(random.nextInt(keys.size())), randomNode(random, keys, depth + 1));
                }
                yield object;
            }
        };
    }
}
