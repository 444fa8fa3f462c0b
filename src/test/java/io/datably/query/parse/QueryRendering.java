package io.datably.query.parse;

import io.datably.query.model.Condition;
import io.datably.query.model.CountMode;
import io.datably.query.model.Expand;
import io.datably.query.model.Pagination;
import io.datably.query.model.RecordQuery;
import io.datably.query.model.SortKey;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Test helper: renders parse results compactly so golden tables stay readable, e.g.
 * {@code (and (eq [age] "18") (or (lt [age] "5") (not (eq [name] "x"))))}. Values are shown as JSON.
 */
final class QueryRendering {

    private QueryRendering() {
    }

    static String condition(Condition condition) {
        if (condition == null) {
            return "null";
        }
        if (condition instanceof Condition.And and) {
            return "(and " + items(and.items()) + ")";
        }
        if (condition instanceof Condition.Or or) {
            return "(or " + items(or.items()) + ")";
        }
        if (condition instanceof Condition.Not not) {
            return "(not " + condition(not.item()) + ")";
        }
        Condition.Compare compare = (Condition.Compare) condition;
        return "(" + compare.op().token() + " " + path(compare.path()) + " " + compare.value() + ")";
    }

    /** Everything but defaults: {@code where=… search=… ordering=… page=… size=… offset=… limit=… cursor=… …}. */
    static String query(RecordQuery query) {
        List<String> parts = new ArrayList<>();
        if (query.where() != null) {
            parts.add("where=" + condition(query.where()));
        }
        if (query.search() != null) {
            parts.add("search=" + query.search());
        }
        if (!query.ordering().isEmpty()) {
            parts.add("ordering=" + query.ordering().stream().map(QueryRendering::sortKey)
                    .collect(Collectors.joining(" ")));
        }
        Pagination p = query.pagination();
        add(parts, "page", p.page());
        add(parts, "size", p.pageSize());
        add(parts, "offset", p.offset());
        add(parts, "limit", p.limit());
        add(parts, "cursor", p.cursor());
        if (query.fields() != null) {
            parts.add("fields=" + query.fields().stream().map(QueryRendering::path).collect(Collectors.joining(" ")));
        }
        if (!query.expand().isEmpty()) {
            parts.add("expand=" + expand(query.expand()));
        }
        if (query.count() != CountMode.EXACT) {
            parts.add("count=" + query.count().name().toLowerCase());
        }
        return String.join(" ", parts);
    }

    private static String items(List<Condition> items) {
        return items.stream().map(QueryRendering::condition).collect(Collectors.joining(" "));
    }

    private static String path(List<String> path) {
        return "[" + String.join(" ", path) + "]";
    }

    private static String sortKey(SortKey key) {
        return (key.descending() ? "-" : "") + path(key.path())
                + (key.nulls() == SortKey.Nulls.DEFAULT ? "" : ":" + key.nulls().name().toLowerCase());
    }

    private static String expand(List<Expand> expand) {
        return expand.stream().map(e -> e.relation() + (e.limit() == null ? "" : ":" + e.limit()) + (e.nested().isEmpty() ? "" : "(" + expand(e.nested()) + ")"))
                .collect(Collectors.joining(" "));
    }

    private static void add(List<String> parts, String name, Object value) {
        if (value != null) {
            parts.add(name + "=" + value);
        }
    }
}
