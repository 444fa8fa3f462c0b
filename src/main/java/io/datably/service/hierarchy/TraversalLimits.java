package io.datably.service.hierarchy;

import io.datably.config.TraversalConfig;
import io.datably.error.DatablyException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The bounds a request asks of a walk, checked against {@link TraversalConfig}: {@code max_depth} (default
 * {@code default-depth}, at most {@code max-depth}) and {@code limit}, the most nodes visited (default and at most
 * {@code max-nodes}). Only plain decimal digits are numbers here: {@code 1e9}, {@code -1}, {@code 0x10}, {@code 2.0}
 * are 400s naming the parameter, as is a value given twice.
 */
public record TraversalLimits(int maxDepth, int maxNodes) {
    public static final String MAX_DEPTH = "max_depth";
    public static final String LIMIT = "limit";
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

    public static TraversalLimits of(Map<String, List<String>> params, TraversalConfig config) {
        int depth = number(params, MAX_DEPTH, 0, config.maxDepth(), config.defaultDepth());
        int nodes = number(params, LIMIT, 1, config.maxNodes(), config.maxNodes());
        return new TraversalLimits(depth, nodes);
    }

    private static int number(Map<String, List<String>> params, String name, int min, int max, int fallback) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return fallback;
        }
        if (values.size() > 1) {
            throw DatablyException.invalidParameter(name, "is given " + values.size() + " times; give it once");
        }
        String raw = values.get(0) == null ? "" : values.get(0).trim();
        if (!DIGITS.matcher(raw).matches() || Integer.parseInt(raw) < min || Integer.parseInt(raw) > max) {
            throw DatablyException.invalidParameter(name, "must be a whole number from " + min + " to " + max
                    + " (datably.traversal settings); got '" + DatablyException.abbreviate(raw) + "'");
        }
        return Integer.parseInt(raw);
    }
}
