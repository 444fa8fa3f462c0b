package io.datably.query.parse;

import io.datably.query.model.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Field paths written with {@code __} between names ({@code author__name}), optionally ending in an operator. */
final class PathSyntax {

    static final String SEPARATOR = "__";

    private PathSyntax() {
    }

    /** A filter key taken apart: {@code author__name__icontains} → {@code [author, name]}, {@code ICONTAINS}. */
    record FilterKey(List<String> path, Op op) {
    }

    /**
     * The last segment is an operator only when it is an operator token and something precedes it, so a field
     * called {@code year} is still filterable as {@code year=2024} (and {@code year__year=2024}).
     */
    static FilterKey filterKey(Culprit culprit, String key) {
        List<String> segments = path(culprit, key);
        if (segments.size() > 1) {
            Optional<Op> op = Op.fromToken(segments.get(segments.size() - 1));
            if (op.isPresent()) {
                return new FilterKey(segments.subList(0, segments.size() - 1), op.get());
            }
        }
        return new FilterKey(segments, Op.EQ);
    }

    /**
     * Splits on {@code __} from the left, so a third underscore belongs to the next name ({@code a___id} →
     * {@code [a, _id]}: MongoDB's {@code _id} stays reachable). Empty names are errors, not silently dropped.
     */
    static List<String> path(Culprit culprit, String text) {
        if (text.isEmpty()) {
            throw culprit.error("empty field name");
        }
        List<String> segments = new ArrayList<>();
        int start = 0;
        while (true) {
            int next = text.indexOf(SEPARATOR, start);
            String segment = next < 0 ? text.substring(start) : text.substring(start, next);
            if (segment.isEmpty()) {
                throw culprit.error("empty name in field path " + Excerpt.of(text)
                        + "; a path is names joined by '__', e.g. author__name");
            }
            segments.add(segment);
            if (next < 0) {
                return segments;
            }
            start = next + SEPARATOR.length();
        }
    }
}
