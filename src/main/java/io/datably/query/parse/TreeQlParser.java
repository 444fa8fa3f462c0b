package io.datably.query.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.datably.query.model.Condition;
import io.datably.query.model.Op;
import io.datably.query.model.SortKey;
import io.datably.query.model.TreeQlRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query parameters of a TreeQL (PHP-CRUD-API) list call → {@link TreeQlRequest}. TreeQL is lenient, and so is
 * this parser: what PHP-CRUD-API ignores is ignored here, without an error, so that its clients keep working.
 *
 * <h2>Filters</h2>
 * {@code filter=col,op,value} is split on its first two commas only, so the value may hold commas. The column may be
 * a dotted relation path ({@code comments.message} → {@code [comments, message]}). Match types:
 * {@code cs sw ew eq lt le ge gt bt in is}, each negated by an {@code n} prefix ({@code neq}, {@code nin}, …). A
 * negation is the {@code negated} flag of the comparison, not a {@link Condition.Not}: on a relation path TreeQL means
 * "a related record that does not match", not "no related record matches". {@code nis} is simply
 * {@code isnull false}. Values stay strings (the caller casts them with the schema); {@code in} splits its value on
 * every comma and {@code bt} on the first comma only, as PHP-CRUD-API does ({@code bt} with no comma gives a
 * one-item array, which PHP-CRUD-API evaluates as FALSE).
 *
 * <p>Ignored, as TreeQL ignores them: a filter with fewer than two parts ({@code filter=id}), an unknown or
 * spatial match type ({@code filter=id,xx,1}, {@code filter=geom,sco,…}), an empty column or path segment, and any
 * parameter this class does not know. Unknown columns and relations are the caller's to ignore while binding.
 *
 * <h2>Filter groups</h2>
 * {@code filter}, {@code filter[]} and {@code filter[N]} are the root group; {@code filterX}, with X made of ASCII
 * digits and letters, is the group at the path of X's runs of digits and of letters ({@code filter12b3} →
 * {@code [12, b, 3]}); a trailing {@code []} or {@code [N]} is dropped. A group's condition is the AND of its own
 * filters and of the OR of its subgroups' conditions, subgroups in order of first appearance; empty ANDs and ORs
 * vanish and a one-item AND or OR is its item. So {@code filter=a&filter1=b&filter2=c} is {@code a AND (b OR c)},
 * and {@code filter1=x&filter1=y&filter2=z} is {@code (x AND y) OR z}.
 *
 * <h2>Other parameters</h2>
 * {@code order=col[,desc|asc]} (repeatable; the direction is descending when it starts with "desc", any case),
 * {@code size=N}, {@code page=N[,SIZE]} (the last one wins, as in PHP-CRUD-API), {@code include} / {@code exclude}
 * (comma-separated, repeats concatenated, entries as written) and {@code join=a,b} (one path per parameter).
 * Numbers are read like PHP's {@code (int)} cast, see {@link #phpInt(String)}.
 *
 * <p>The work is bounded: more than {@value #MAX_FILTERS} filters, or a group path deeper than
 * {@value #MAX_GROUP_DEPTH}, is rejected with a {@link io.datably.error.DatablyException} (INVALID_PARAMETER) naming
 * the parameter. That is the only exception this class throws.
 */
public final class TreeQlParser {

    static final int MAX_FILTERS = 200;
    static final int MAX_GROUP_DEPTH = 32;

    private static final String FILTER = "filter";

    /** TreeQL's match types; {@code is} and {@code bt}/{@code in} get special values, see {@link #value}. */
    private static final Map<String, Op> MATCH_TYPES = Map.ofEntries(
            Map.entry("cs", Op.CONTAINS), Map.entry("sw", Op.STARTSWITH), Map.entry("ew", Op.ENDSWITH),
            Map.entry("eq", Op.EQ), Map.entry("lt", Op.LT), Map.entry("le", Op.LTE), Map.entry("ge", Op.GTE),
            Map.entry("gt", Op.GT), Map.entry("bt", Op.RANGE), Map.entry("in", Op.IN), Map.entry("is", Op.ISNULL));

    private TreeQlParser() {
    }

    /**
     * @param params decoded query parameters, repeated names holding several values, iterated in order of first
     *               appearance (a LinkedHashMap or JAX-RS MultivaluedMap); null names, lists and values are tolerated
     * @throws io.datably.error.DatablyException (INVALID_PARAMETER) when a limit is exceeded, and nothing else
     */
    public static TreeQlRequest parse(Map<String, List<String>> params) {
        Request request = new Request();
        if (params != null) {
            for (Map.Entry<String, List<String>> entry : params.entrySet()) {
                String name = entry.getKey() == null ? "" : entry.getKey();
                for (String value : entry.getValue() == null ? List.<String>of() : entry.getValue()) {
                    request.add(name, value == null ? "" : value);
                }
            }
        }
        return request.build();
    }

    /** The request being collected, one parameter value at a time. */
    private static final class Request {
        final Group filters = new Group();
        int filterCount;
        final List<SortKey> ordering = new ArrayList<>();
        Integer size;
        Integer page;
        Integer pageSize;
        final List<String> include = new ArrayList<>();
        final List<String> exclude = new ArrayList<>();
        final List<List<String>> joins = new ArrayList<>();

        void add(String name, String value) {
            switch (name) {
                case "order" -> order(value);
                // PHP-CRUD-API loops over repeats and keeps the last one.
                case "size" -> size = phpInt(value);
                case "page" -> page(value);
                case "include" -> include.addAll(Arrays.asList(value.split(",", -1)));
                case "exclude" -> exclude.addAll(Arrays.asList(value.split(",", -1)));
                // PHP-CRUD-API trims the whole value (not the names) before splitting it.
                case "join" -> joins.add(List.of(value.trim().split(",", -1)));
                default -> filter(name, value);
            }
        }

        void order(String value) {
            String[] parts = value.split(",", 3);
            List<String> path = columnPath(parts[0]);
            if (path != null) {
                boolean descending = parts.length > 1 && parts[1].regionMatches(true, 0, "desc", 0, 4);
                ordering.add(new SortKey(path, descending, SortKey.Nulls.DEFAULT));
            }
        }

        /** {@code page=N} or {@code page=N,SIZE}; a repeat without SIZE keeps an earlier SIZE, as in PHP-CRUD-API. */
        void page(String value) {
            String[] parts = value.split(",", 2);
            page = phpInt(parts[0]);
            if (parts.length > 1) {
                pageSize = phpInt(parts[1]);
            }
        }

        void filter(String name, String value) {
            List<String> groupPath = groupPath(name);
            if (groupPath == null) {
                return; // not a filter: TreeQL ignores parameters it does not know
            }
            if (groupPath.size() > MAX_GROUP_DEPTH) {
                throw Culprit.parameter(name).error("filter group nested more than " + MAX_GROUP_DEPTH + " deep");
            }
            if (++filterCount > MAX_FILTERS) {
                throw Culprit.parameter(name).error("more than " + MAX_FILTERS + " filters in one request");
            }
            Condition condition = condition(value);
            if (condition != null) {
                filters.at(groupPath).own.add(condition);
            }
        }

        TreeQlRequest build() {
            return new TreeQlRequest(filters.condition(), ordering, size, page, pageSize, include, exclude, joins);
        }
    }

    /**
     * A node of the filter tree: its own filters are ANDed, its subgroups ORed. Nodes exist only for valid filters
     * (as in PHP-CRUD-API, where an ignored filter adds nothing), so every subgroup has a condition.
     */
    private static final class Group {
        final List<Condition> own = new ArrayList<>();
        final Map<String, Group> subgroups = new LinkedHashMap<>();

        Group at(List<String> path) {
            Group group = this;
            for (String key : path) {
                group = group.subgroups.computeIfAbsent(key, k -> new Group());
            }
            return group;
        }

        /** (own₁ AND own₂ …) AND (sub₁ OR sub₂ …); null when empty. */
        Condition condition() {
            List<Condition> alternatives = new ArrayList<>();
            for (Group subgroup : subgroups.values()) {
                Condition condition = subgroup.condition();
                if (condition != null) {
                    alternatives.add(condition);
                }
            }
            List<Condition> all = new ArrayList<>(own);
            Condition anyOf = alternatives.isEmpty() ? null
                    : alternatives.size() == 1 ? alternatives.get(0) : new Condition.Or(alternatives);
            if (anyOf != null) {
                all.add(anyOf);
            }
            return all.isEmpty() ? null : all.size() == 1 ? all.get(0) : new Condition.And(all);
        }
    }

    /**
     * The group path of a filter parameter's name, or null when the name is not a filter parameter.
     * {@code filter}, {@code filter[]}, {@code filter[3]} → []; {@code filter12b3[]} → [12, b, 3]. The split stops
     * one segment past the depth limit, so a huge name costs no more than a deep one.
     */
    static List<String> groupPath(String name) {
        if (!name.startsWith(FILTER)) {
            return null;
        }
        String suffix = withoutIndex(name.substring(FILTER.length()));
        if (suffix == null || !suffix.chars().allMatch(TreeQlParser::isAsciiLetterOrDigit)) {
            return null;
        }
        List<String> path = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= suffix.length() && path.size() <= MAX_GROUP_DEPTH; i++) {
            if (i == suffix.length() || isDigit(suffix.charAt(i)) != isDigit(suffix.charAt(i - 1))) {
                path.add(suffix.substring(start, i));
                start = i;
            }
        }
        return path;
    }

    /** The suffix without a trailing {@code []} or {@code [N]} (PHP array syntax); null for any other brackets. */
    private static String withoutIndex(String suffix) {
        if (!suffix.endsWith("]")) {
            return suffix;
        }
        int open = suffix.lastIndexOf('[');
        if (open < 0 || !suffix.substring(open + 1, suffix.length() - 1).chars().allMatch(TreeQlParser::isDigit)) {
            return null;
        }
        return suffix.substring(0, open);
    }

    /** One {@code col,op[,value]}, or null when TreeQL would ignore it. */
    static Condition condition(String filter) {
        String[] parts = filter.split(",", 3);
        if (parts.length < 2) {
            return null;
        }
        List<String> path = columnPath(parts[0]);
        String type = parts[1];
        // Only three-letter types carry the prefix: "ne" or "n" alone is unknown, as in PHP-CRUD-API.
        boolean negated = type.length() == 3 && type.charAt(0) == 'n';
        Op op = MATCH_TYPES.get(negated ? type.substring(1) : type);
        if (path == null || op == null) {
            return null;
        }
        // A missing value is an empty one (PHP-CRUD-API pads the parts): "filter=icon,is" needs none.
        String value = parts.length == 3 ? parts[2] : "";
        if (op == Op.ISNULL) {
            return new Condition.Compare(path, op, BooleanNode.valueOf(!negated));
        }
        return new Condition.Compare(path, op, value(op, value), negated);
    }

    /** {@code in}: every comma separates; {@code bt}: the first one only ("1,2,3" → ["1", "2,3"]), as in PHP. */
    private static JsonNode value(Op op, String value) {
        if (op == Op.IN || op == Op.RANGE) {
            ArrayNode items = JsonNodeFactory.instance.arrayNode();
            for (String item : value.split(",", op == Op.IN ? -1 : 2)) {
                items.add(item);
            }
            return items;
        }
        return TextNode.valueOf(value);
    }

    /** {@code a.b} → [a, b]; null when the name or any segment is empty (no column has an empty name). */
    private static List<String> columnPath(String column) {
        List<String> path = List.of(column.split("\\.", -1));
        return path.contains("") ? null : path;
    }

    /**
     * PHP's {@code (int)} cast, simplified: leading whitespace, an optional sign, then the leading digits; no digits
     * give 0 ({@code "abc"} → 0, {@code "3x"} → 3, {@code "-2"} → -2). Out-of-range values saturate at the int
     * bounds (PHP saturates at its 64-bit bounds). Unlike PHP 7.1+, an exponent is not read ({@code "1e3"} → 1).
     * Negative results are kept: what they mean is the caller's business.
     */
    static int phpInt(String text) {
        int i = 0;
        while (i < text.length() && " \t\n\r\u000B\f".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        boolean negative = i < text.length() && text.charAt(i) == '-';
        if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            i++;
        }
        long magnitude = 0;
        for (; i < text.length() && isDigit(text.charAt(i)); i++) {
            // Stop growing past the int range, so a thousand digits cannot overflow the long.
            magnitude = Math.min(magnitude * 10 + (text.charAt(i) - '0'), Integer.MAX_VALUE + 1L);
        }
        long signed = negative ? -magnitude : magnitude;
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, signed));
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetterOrDigit(int c) {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
