package io.datably.query.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.datably.query.model.Condition;
import io.datably.query.model.CountMode;
import io.datably.query.model.Expand;
import io.datably.query.model.Pagination;
import io.datably.query.model.RecordQuery;
import io.datably.query.model.SortKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The native list API's query parameters ({@code age__gte=18&or=(…)&ordering=-age&page=2}) → {@link RecordQuery}. */
public final class NativeQueryParser {

    /** Not filters, and allowed once each; a field with such a name is filtered as {@code page__eq=…}. */
    static final Set<String> SINGLE_VALUED = Set.of(
            "page", "page_size", "cursor", "count", "ordering", "fields", "expand", "search");

    /** What a read by key takes, in the order an error lists them. */
    private static final List<String> READ_PARAMETERS = List.of("fields", "expand");

    private NativeQueryParser() {
    }

    /**
     * @param params query parameters as JAX-RS gives them, repeated names holding several values; filters are ANDed
     *               in the map's iteration order
     * @throws io.datably.error.DatablyException (INVALID_PARAMETER) naming the parameter, and nothing else
     */
    public static RecordQuery parse(Map<String, List<String>> params) {
        List<Condition> filters = new ArrayList<>();
        Map<String, String> single = new HashMap<>();
        for (Map.Entry<String, List<String>> entry : params == null ? Map.<String, List<String>>of().entrySet()
                : params.entrySet()) {
            String name = entry.getKey() == null ? "" : entry.getKey();
            List<String> values = entry.getValue() == null ? List.of() : entry.getValue();
            if (SINGLE_VALUED.contains(name)) {
                if (values.size() > 1) {
                    throw Culprit.parameter(name).error("given " + values.size() + " times; give it once");
                }
                if (!values.isEmpty()) {
                    single.put(name, orEmpty(values.get(0)));
                }
            } else if (GroupParser.isGroupKeyword(name)) {
                values.forEach(value -> filters.add(GroupParser.parse(name, orEmpty(value))));
            } else {
                values.forEach(value -> filters.add(filter(name, orEmpty(value))));
            }
        }
        Condition where = filters.isEmpty() ? null
                : filters.size() == 1 ? filters.get(0) : new Condition.And(filters);
        Pagination pagination = new Pagination(wholeNumber(single, "page"), wholeNumber(single, "page_size"),
                null, null, single.get("cursor"));
        return new RecordQuery(where, present(single, "search"), ordering(single), pagination, fields(single),
                expand(single), count(single));
    }

    /**
     * The query parameters of a read by key ({@code GET records/{pk}/}): {@code fields} and {@code expand}, read as a
     * list reads them. Anything else is a 400 naming it: a filter or a page means nothing for one record, and a
     * parameter silently ignored would answer a question the client did not ask.
     *
     * @throws io.datably.error.DatablyException (INVALID_PARAMETER) naming the parameter, and nothing else
     */
    public static RecordQuery parseRead(Map<String, List<String>> params) {
        Map<String, String> single = new HashMap<>();
        for (Map.Entry<String, List<String>> entry : params == null ? Map.<String, List<String>>of().entrySet()
                : params.entrySet()) {
            String name = entry.getKey() == null ? "" : entry.getKey();
            List<String> values = entry.getValue() == null ? List.of() : entry.getValue();
            if (!READ_PARAMETERS.contains(name)) {
                throw Culprit.parameter(name).error("is not a parameter of a read by key; it takes "
                        + String.join(" and ", READ_PARAMETERS));
            }
            if (values.size() > 1) {
                throw Culprit.parameter(name).error("given " + values.size() + " times; give it once");
            }
            if (!values.isEmpty()) {
                single.put(name, orEmpty(values.get(0)));
            }
        }
        return new RecordQuery(null, null, List.of(), null, fields(single), expand(single), CountMode.NONE);
    }

    /** {@code a__b__op=value}: the value is taken as is, except for list operators, where it is split on commas. */
    private static Condition filter(String name, String value) {
        Culprit culprit = Culprit.parameter(name);
        PathSyntax.FilterKey key = PathSyntax.filterKey(culprit, name);
        JsonNode node = key.op().takesList() ? ListSyntax.parse(culprit, key.op(), value) : TextNode.valueOf(value);
        return new Condition.Compare(key.path(), key.op(), node);
    }

    /** An empty value counts as absent, as in DRF: clients often send {@code ordering=} from an empty form field. */
    private static String present(Map<String, String> single, String name) {
        String value = single.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    private static List<SortKey> ordering(Map<String, String> single) {
        String value = present(single, "ordering");
        return value == null ? List.of() : OrderingSyntax.list(Culprit.parameter("ordering"), value);
    }

    private static List<List<String>> fields(Map<String, String> single) {
        String value = present(single, "fields");
        if (value == null) {
            return null;
        }
        List<List<String>> fields = new ArrayList<>();
        Culprit culprit = Culprit.parameter("fields");
        for (String field : value.split(",", -1)) {
            if (field.isBlank()) {
                throw culprit.error("empty field name in " + Excerpt.of(value));
            }
            fields.add(PathSyntax.path(culprit, field.strip()));
        }
        return fields;
    }

    private static List<Expand> expand(Map<String, String> single) {
        String value = present(single, "expand");
        ExpandSyntax expand = new ExpandSyntax();
        if (value != null) {
            for (String path : value.split(",", -1)) {
                expand.add(Culprit.parameter("expand"), path.strip());
            }
        }
        return expand.build();
    }

    private static CountMode count(Map<String, String> single) {
        String value = single.get("count");
        return value == null ? CountMode.EXACT : countMode(Culprit.parameter("count"), value);
    }

    /** Shared with the JSON form, where {@code count} has the same three words. */
    static CountMode countMode(Culprit culprit, String value) {
        return switch (value) {
            case "exact" -> CountMode.EXACT;
            case "planned" -> CountMode.PLANNED;
            case "none" -> CountMode.NONE;
            default -> throw culprit.error("invalid_value", "must be exact, planned or none, not "
                    + Excerpt.of(value));
        };
    }

    /** Digits only: no sign, exponent or fraction; the planner checks ranges, but a value must fit in a long. */
    private static Long wholeNumber(Map<String, String> single, String name) {
        String value = single.get(name);
        if (value == null) {
            return null;
        }
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw Culprit.parameter(name).error("must be a whole number, not " + Excerpt.of(value));
        }
        String digits = value.replaceFirst("^0+(?=.)", "");
        if (digits.length() > 19 || (digits.length() == 19 && digits.compareTo(String.valueOf(Long.MAX_VALUE)) > 0)) {
            throw Culprit.parameter(name).error("is too large: " + Excerpt.of(value));
        }
        return Long.parseLong(digits);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
