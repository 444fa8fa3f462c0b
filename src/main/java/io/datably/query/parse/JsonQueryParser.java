package io.datably.query.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.query.model.Condition;
import io.datably.query.model.CountMode;
import io.datably.query.model.Expand;
import io.datably.query.model.Pagination;
import io.datably.query.model.RecordQuery;
import io.datably.query.model.SortKey;
import java.util.ArrayList;
import java.util.List;

/** The body of {@code POST records/query/} → {@link RecordQuery}; also the JSON filter tree used elsewhere. */
public final class JsonQueryParser {

    private static final List<String> KEYS = List.of(
            "where", "search", "order_by", "limit", "offset", "cursor", "fields", "expand", "count");
    private static final List<String> ORDER_KEYS = List.of("field", "direction", "nulls");

    private JsonQueryParser() {
    }

    /**
     * @throws DatablyException MALFORMED_BODY when the body is not an object, INVALID_FIELD naming the JSON path
     *                          otherwise, and nothing else
     */
    public static RecordQuery parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new DatablyException(ErrorCode.MALFORMED_BODY, "The request body must be a JSON object such as "
                    + "{\"where\": {...}, \"order_by\": [...], \"limit\": 50}, not "
                    + (body == null ? "nothing" : JsonMembers.describe(body)));
        }
        Culprit root = Culprit.field("");
        JsonMembers.onlyKeys(root, body, KEYS);
        JsonNode where = JsonMembers.optional(body, "where");
        String search = string(body, "search");
        Pagination pagination = new Pagination(null, null, wholeNumber(body, "offset"), wholeNumber(body, "limit"),
                string(body, "cursor"));
        return new RecordQuery(where == null ? null : parseCondition(where, "where"),
                search == null || search.isEmpty() ? null : search, orderBy(body), pagination, fields(body),
                expand(body), count(body));
    }

    /**
     * A JSON filter tree, errors naming paths under {@code path} (e.g. {@code where} → {@code where.and[1].op}).
     *
     * @throws DatablyException INVALID_FIELD, and nothing else
     */
    public static Condition parseCondition(JsonNode tree, String path) {
        return JsonConditionParser.condition(tree, Culprit.field(path == null ? "" : path), 1);
    }

    private static List<SortKey> orderBy(JsonNode body) {
        JsonNode node = JsonMembers.optional(body, "order_by");
        if (node == null) {
            return List.of();
        }
        Culprit at = Culprit.field("order_by");
        JsonMembers.array(at, node);
        List<SortKey> keys = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            keys.add(item.isObject() ? sortKey(item, at.index(i))
                    : OrderingSyntax.key(at.index(i), JsonMembers.string(at.index(i), item), item.asText()));
        }
        return keys;
    }

    /** {@code {"field": "age", "direction": "desc", "nulls": "last"}}, for clients that build queries as data. */
    private static SortKey sortKey(JsonNode item, Culprit at) {
        JsonMembers.onlyKeys(at, item, ORDER_KEYS);
        JsonNode field = item.get("field");
        if (field == null) {
            throw at.member("field").error("required", "is required");
        }
        List<String> path = PathSyntax.path(at.member("field"), JsonMembers.string(at.member("field"), field));
        boolean descending = switch (option(item, "direction", at, "asc")) {
            case "asc" -> false;
            case "desc" -> true;
            default -> throw at.member("direction").error("invalid_value", "must be asc or desc, not "
                    + JsonMembers.describe(item.get("direction")));
        };
        SortKey.Nulls nulls = switch (option(item, "nulls", at, "default")) {
            case "default" -> SortKey.Nulls.DEFAULT;
            case "first" -> SortKey.Nulls.FIRST;
            case "last" -> SortKey.Nulls.LAST;
            default -> throw at.member("nulls").error("invalid_value", "must be first or last, not "
                    + JsonMembers.describe(item.get("nulls")));
        };
        return new SortKey(path, descending, nulls);
    }

    private static String option(JsonNode item, String key, Culprit at, String absent) {
        JsonNode node = JsonMembers.optional(item, key);
        return node == null ? absent : JsonMembers.string(at.member(key), node);
    }

    private static List<List<String>> fields(JsonNode body) {
        JsonNode node = JsonMembers.optional(body, "fields");
        if (node == null) {
            return null;
        }
        Culprit at = Culprit.field("fields");
        JsonMembers.array(at, node);
        if (node.isEmpty()) {
            throw at.error("empty", "must name at least one field; leave it out for all fields");
        }
        List<List<String>> fields = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            fields.add(PathSyntax.path(at.index(i), JsonMembers.string(at.index(i), node.get(i))));
        }
        return fields;
    }

    private static List<Expand> expand(JsonNode body) {
        JsonNode node = JsonMembers.optional(body, "expand");
        ExpandSyntax expand = new ExpandSyntax();
        if (node != null) {
            Culprit at = Culprit.field("expand");
            JsonMembers.array(at, node);
            for (int i = 0; i < node.size(); i++) {
                expand.add(at.index(i), JsonMembers.string(at.index(i), node.get(i)));
            }
        }
        return expand.build();
    }

    private static CountMode count(JsonNode body) {
        String value = string(body, "count");
        return value == null ? CountMode.EXACT : NativeQueryParser.countMode(Culprit.field("count"), value);
    }

    private static String string(JsonNode body, String key) {
        JsonNode node = JsonMembers.optional(body, key);
        return node == null ? null : JsonMembers.string(Culprit.field(key), node);
    }

    private static Long wholeNumber(JsonNode body, String key) {
        JsonNode node = JsonMembers.optional(body, key);
        return node == null ? null : JsonMembers.wholeNumber(Culprit.field(key), node);
    }
}
