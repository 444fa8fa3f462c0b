package io.datably.service.graph;

import io.datably.config.TraversalConfig;
import io.datably.error.DatablyException;
import io.datably.provider.spi.graph.Graph;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The query parameters of one graph request, split three ways: the endpoint's own ({@code start}, {@code max_depth},
 * ...), the edge filters ({@code edge__weight__gt=2}: the list filter language on the edges table, prefix taken off),
 * and the node filters (every other parameter: the list filter language on the node table). A list's paging,
 * ordering, fields, expand and search mean nothing here and are refused, naming them.
 */
final class GraphParameters {
    static final String EDGE_PREFIX = "edge__";
    private static final Set<String> LIST_ONLY = Set.of("page", "page_size", "cursor", "count", "ordering",
            "fields", "expand", "search", "deleted");
    private static final Pattern WHOLE = Pattern.compile("[0-9]{1,9}");

    private final Map<String, String> own = new LinkedHashMap<>();
    final Map<String, List<String>> nodeFilters = new LinkedHashMap<>();
    final Map<String, List<String>> edgeFilters = new LinkedHashMap<>();

    GraphParameters(Map<String, List<String>> params, Set<String> ownNames) {
        params.forEach((rawName, values) -> {
            String name = rawName == null ? "" : rawName;
            List<String> given = values == null ? List.of() : values;
            if (ownNames.contains(name)) {
                if (given.size() > 1) {
                    throw DatablyException.invalidParameter(name, "given " + given.size() + " times; give it once");
                }
                if (!given.isEmpty()) {
                    own.put(name, given.get(0) == null ? "" : given.get(0));
                }
            } else if (name.startsWith(EDGE_PREFIX)) {
                String filter = name.substring(EDGE_PREFIX.length());
                if (LIST_ONLY.contains(filter) || filter.isEmpty()) {
                    throw DatablyException.invalidParameter(name, "is not an edge filter: give edge__<field>"
                            + "[__<operator>]=<value>");
                }
                edgeFilters.put(filter, given);
            } else if (LIST_ONLY.contains(name)) {
                throw DatablyException.invalidParameter(name, "is not a parameter of graph requests; they take "
                        + String.join(", ", ownNames) + ", node filters and edge__ filters");
            } else {
                nodeFilters.put(name, given);
            }
        });
    }

    /** The raw value of one of the endpoint's own parameters; 400 when required and missing or empty. */
    String required(String name) {
        String value = own.get(name);
        if (value == null || value.isEmpty()) {
            throw DatablyException.invalidParameter(name, "is required");
        }
        return value;
    }

    String optional(String name) {
        String value = own.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** {@code max_depth} (or {@code depth}): a whole number up to the configured cap, else 400 naming it. */
    int depth(String name, int fallback, TraversalConfig limits) {
        String value = optional(name);
        if (value == null) {
            return Math.min(fallback, limits.maxDepth());
        }
        int depth = whole(name, value, limits.maxDepth());
        return depth;
    }

    /** {@code limit}: 1 up to {@code datably.traversal.max-nodes} (the default), else 400 naming it. */
    int limit(TraversalConfig limits) {
        String value = optional("limit");
        if (value == null) {
            return limits.maxNodes();
        }
        int limit = whole("limit", value, limits.maxNodes());
        if (limit < 1) {
            throw DatablyException.invalidParameter("limit", "must be at least 1");
        }
        return limit;
    }

    private static int whole(String name, String value, int cap) {
        if (!WHOLE.matcher(value).matches()) {
            throw DatablyException.invalidParameter(name, "'" + DatablyException.abbreviate(value) + "' is not a "
                    + "whole number from 0 to " + cap);
        }
        int number = Integer.parseInt(value);
        if (number > cap) {
            throw DatablyException.invalidParameter(name, number + " is beyond the most allowed, " + cap
                    + " (datably.traversal." + (name.equals("limit") ? "max-nodes" : "max-depth") + ")");
        }
        return number;
    }

    Graph.Direction direction(Graph.Direction fallback) {
        String value = optional("direction");
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "out" -> Graph.Direction.OUT;
            case "in" -> Graph.Direction.IN;
            case "both" -> Graph.Direction.BOTH;
            default -> throw DatablyException.invalidParameter("direction", "'" + DatablyException.abbreviate(value)
                    + "' is not one of out, in, both");
        };
    }

    Graph.Order algorithm() {
        String value = optional("algorithm");
        if (value == null) {
            return Graph.Order.BFS;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "bfs" -> Graph.Order.BFS;
            case "dfs" -> Graph.Order.DFS;
            default -> throw DatablyException.invalidParameter("algorithm", "'" + DatablyException.abbreviate(value)
                    + "' is not one of bfs, dfs");
        };
    }

    boolean flag(String name) {
        String value = optional(name);
        if (value == null) {
            return false;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw DatablyException.invalidParameter(name, "'" + DatablyException.abbreviate(value)
                    + "' is not true or false");
        };
    }
}
