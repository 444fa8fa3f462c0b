package io.datably.query.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.query.model.AggregateQuery;
import io.datably.query.model.AggregateSpec;
import io.datably.query.model.GroupKey;
import io.datably.query.model.SortKey;
import java.util.ArrayList;
import java.util.List;

/** The body of {@code POST records/aggregate/} → {@link AggregateQuery}; where/having are JSON filter trees. */
public final class JsonAggregateParser {
    private static final List<String> KEYS = List.of("where", "group_by", "aggregates", "having", "order_by", "limit");
    private static final List<String> SPEC_KEYS = List.of("function", "field");

    private JsonAggregateParser() {
    }

    /** @throws DatablyException MALFORMED_BODY when the body is not an object, else INVALID_FIELD naming the path */
    public static AggregateQuery parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new DatablyException(ErrorCode.MALFORMED_BODY, "The request body must be a JSON object such as "
                    + "{\"group_by\": [...], \"aggregates\": [\"count(*)\"]}, not "
                    + (body == null ? "nothing" : JsonMembers.describe(body)));
        }
        JsonMembers.onlyKeys(Culprit.field(""), body, KEYS);
        JsonNode where = JsonMembers.optional(body, "where");
        JsonNode having = JsonMembers.optional(body, "having");
        JsonNode limit = JsonMembers.optional(body, "limit");
        return new AggregateQuery(where == null ? null : JsonQueryParser.parseCondition(where, "where"),
                groupBy(body), aggregates(body),
                having == null ? null : JsonQueryParser.parseCondition(having, "having"), orderBy(body),
                limit == null ? null : JsonMembers.wholeNumber(Culprit.field("limit"), limit));
    }

    private static List<GroupKey> groupBy(JsonNode body) {
        List<GroupKey> keys = new ArrayList<>();
        JsonNode node = JsonMembers.optional(body, "group_by");
        if (node != null) {
            Culprit at = Culprit.field("group_by");
            JsonMembers.array(at, node);
            for (int i = 0; i < node.size(); i++) {
                keys.add(AggregateSyntax.groupKey(at.index(i), JsonMembers.string(at.index(i), node.get(i))));
            }
        }
        return keys;
    }

    private static List<AggregateSpec> aggregates(JsonNode body) {
        Culprit at = Culprit.field("aggregates");
        JsonNode node = JsonMembers.optional(body, "aggregates");
        if (node == null) {
            throw at.error("required", "is required, e.g. [\"count(*)\", {\"function\": \"sum\", \"field\": \"price\"}]");
        }
        JsonMembers.array(at, node);
        List<AggregateSpec> specs = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            Culprit itemAt = at.index(i);
            if (!item.isObject()) {
                specs.add(AggregateSyntax.aggregate(itemAt, JsonMembers.string(itemAt, item)));
                continue;
            }
            JsonMembers.onlyKeys(itemAt, item, SPEC_KEYS);
            JsonNode function = item.get("function");
            if (function == null) {
                throw itemAt.member("function").error("required", "is required");
            }
            JsonNode field = JsonMembers.optional(item, "field");
            specs.add(AggregateSyntax.spec(itemAt.member("field"),
                    AggregateSyntax.function(itemAt.member("function"),
                            JsonMembers.string(itemAt.member("function"), function)),
                    field == null ? "*" : JsonMembers.string(itemAt.member("field"), field)));
        }
        return specs;
    }

    private static List<SortKey> orderBy(JsonNode body) {
        JsonNode node = JsonMembers.optional(body, "order_by");
        List<SortKey> keys = new ArrayList<>();
        if (node != null) {
            Culprit at = Culprit.field("order_by");
            JsonMembers.array(at, node);
            for (int i = 0; i < node.size(); i++) {
                String text = JsonMembers.string(at.index(i), node.get(i));
                keys.add(OrderingSyntax.key(at.index(i), text, text));
            }
        }
        return keys;
    }
}
