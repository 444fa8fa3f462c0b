package io.datably.query.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.datably.query.model.Condition;
import io.datably.query.model.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The JSON filter tree: {@code {"and": [...]}}, {@code {"or": [...]}}, {@code {"not": {...}}} and
 * {@code {"field": "age", "op": "gte", "value": 18}}. Shared by record queries, aggregates, partial indexes and
 * policies, through {@link JsonQueryParser#parseCondition}.
 */
final class JsonConditionParser {

    /** Same limit as the URL's groups; it also keeps hostile nesting from exhausting the stack. */
    static final int MAX_DEPTH = GroupParser.MAX_DEPTH;

    private static final List<String> KINDS = List.of("and", "or", "not", "field");
    private static final List<String> COMPARE_KEYS = List.of("field", "op", "value");
    private static final String OPERATORS = Arrays.stream(Op.values()).map(Op::token)
            .collect(Collectors.joining(", "));

    private JsonConditionParser() {
    }

    static Condition condition(JsonNode node, Culprit at, int depth) {
        if (depth > MAX_DEPTH) {
            throw at.error("depth", "conditions are nested more than " + MAX_DEPTH + " deep");
        }
        if (node == null || !node.isObject()) {
            throw at.error("type", "a condition must be an object such as {\"field\": \"age\", \"op\": \"gte\", "
                    + "\"value\": 18} or {\"and\": [...]}, not "
                    + JsonMembers.describe(node == null ? MissingNode.getInstance() : node));
        }
        String kind = kind(node);
        if (kind == null) {
            if (node.isEmpty()) {
                throw at.error("empty", "an empty condition; give and, or, not, or field (with op and value)");
            }
            JsonMembers.onlyKeys(at, node, List.of("and", "or", "not", "field", "op", "value"));
            throw at.member("field").error("required", "is required in a comparison");
        }
        JsonMembers.onlyKeys(at, node, kind.equals("field") ? COMPARE_KEYS : List.of(kind));
        return switch (kind) {
            case "and" -> new Condition.And(items(node.get(kind), at.member(kind), depth));
            case "or" -> new Condition.Or(items(node.get(kind), at.member(kind), depth));
            case "not" -> new Condition.Not(condition(node.get(kind), at.member(kind), depth + 1));
            default -> compare(node, at);
        };
    }

    /** The first key that says what the object is; the others are then checked against that kind's keys. */
    private static String kind(JsonNode node) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (KINDS.contains(name)) {
                return name;
            }
        }
        return null;
    }

    private static List<Condition> items(JsonNode array, Culprit at, int depth) {
        JsonMembers.array(at, array);
        if (array.isEmpty()) {
            throw at.error("empty", "must hold at least one condition");
        }
        List<Condition> items = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            items.add(condition(array.get(i), at.index(i), depth + 1));
        }
        return items;
    }

    private static Condition compare(JsonNode node, Culprit at) {
        Culprit fieldAt = at.member("field");
        List<String> path = PathSyntax.path(fieldAt, JsonMembers.string(fieldAt, node.get("field")));
        Op op = Op.EQ;
        JsonNode opNode = JsonMembers.optional(node, "op");
        if (opNode != null) {
            String token = JsonMembers.string(at.member("op"), opNode);
            op = Op.fromToken(token).orElseThrow(() -> at.member("op").error("unknown_operator",
                    "unknown operator " + Excerpt.of(token) + "; one of " + OPERATORS));
        }
        Culprit valueAt = at.member("value");
        JsonNode value = node.get("value");
        if (value == null) {
            throw valueAt.error("required", "is required in a comparison");
        }
        if (op.takesList()) {
            if (!value.isArray()) {
                throw valueAt.error("type", "'" + op.token() + "' takes an array, not " + JsonMembers.describe(value));
            }
            ListSyntax.checkSize(valueAt, op, value.size());
        }
        return new Condition.Compare(path, op, value);
    }
}
