package io.datably.query.parse;

import io.datably.error.DatablyException;
import io.datably.query.model.AggregateQuery;
import io.datably.query.model.AggregateSpec;
import io.datably.query.model.Condition;
import io.datably.query.model.GroupKey;
import io.datably.query.model.SortKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code records/aggregate/}'s query parameters → {@link AggregateQuery}. Everything that is not an aggregate
 * parameter is an ordinary filter, parsed by {@link NativeQueryParser} so both endpoints filter alike.
 */
public final class NativeAggregateParser {
    private static final Set<String> OWN = Set.of("group_by", "aggregates", "having", "ordering", "limit");
    /** List parameters that mean nothing here: refused rather than silently ignored. */
    private static final Set<String> NOT_HERE = Set.of("page", "page_size", "cursor", "count", "fields", "expand",
            "search");

    private NativeAggregateParser() {
    }

    /** @throws DatablyException (INVALID_PARAMETER) naming the parameter, and nothing else */
    public static AggregateQuery parse(Map<String, List<String>> params) {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        Map<String, List<String>> own = new LinkedHashMap<>();
        (params == null ? Map.<String, List<String>>of() : params).forEach((name, values) -> {
            String key = name == null ? "" : name;
            if (NOT_HERE.contains(key)) {
                throw DatablyException.invalidParameter(key, "is not used by aggregates");
            }
            (OWN.contains(key) ? own : filters).put(key, values == null ? List.of() : values);
        });
        Condition where = NativeQueryParser.parse(filters).where();
        String aggregates = single(own, "aggregates");
        if (aggregates == null) {
            throw DatablyException.invalidParameter("aggregates", "is required, e.g. aggregates=count(*),sum(price)");
        }
        Culprit aggCulprit = Culprit.parameter("aggregates");
        List<AggregateSpec> specs = AggregateSyntax.items(aggCulprit, aggregates).stream()
                .map(item -> AggregateSyntax.aggregate(aggCulprit, item)).toList();
        String groupBy = single(own, "group_by");
        Culprit groupCulprit = Culprit.parameter("group_by");
        List<GroupKey> keys = groupBy == null ? List.of() : AggregateSyntax.items(groupCulprit, groupBy).stream()
                .map(item -> AggregateSyntax.groupKey(groupCulprit, item)).toList();
        String ordering = single(own, "ordering");
        List<SortKey> sort = ordering == null ? List.of()
                : OrderingSyntax.list(Culprit.parameter("ordering"), ordering);
        return new AggregateQuery(where, keys, specs, having(own.getOrDefault("having", List.of())), sort,
                limit(single(own, "limit")));
    }

    /**
     * Each {@code having} value is read as the inside of an {@code and=(…)} group, so {@code sum_price__gt=100},
     * {@code count__gte=2,avg_price__lt=5} and {@code or=(…)} all work; repeated values are ANDed.
     */
    private static Condition having(List<String> values) {
        List<Condition> items = new ArrayList<>();
        for (String value : values) {
            if (value == null || value.isEmpty()) {
                continue;
            }
            try {
                Condition group = GroupParser.parse("and", "(" + value + ")");
                // A one-item wrapper is just its item.
                items.add(group instanceof Condition.And and && and.items().size() == 1 ? and.items().get(0) : group);
            } catch (DatablyException e) {
                throw DatablyException.invalidParameter("having", e.getMessage());
            }
        }
        return items.isEmpty() ? null : items.size() == 1 ? items.get(0) : new Condition.And(items);
    }

    private static String single(Map<String, List<String>> own, String name) {
        List<String> values = own.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw DatablyException.invalidParameter(name, "given " + values.size() + " times; give it once");
        }
        return values.isEmpty() || values.get(0) == null || values.get(0).isEmpty() ? null : values.get(0);
    }

    private static Long limit(String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > 9 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw DatablyException.invalidParameter("limit", "must be a whole number, not " + Excerpt.of(value));
        }
        return Long.parseLong(value);
    }
}
