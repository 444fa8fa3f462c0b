package io.datably.query.parse;

import io.datably.query.model.Condition;
import io.datably.query.model.CountMode;
import io.datably.query.model.Expand;
import io.datably.query.model.Pagination;
import io.datably.query.model.RecordQuery;
import io.datably.query.model.SortKey;
import io.datably.query.model.TreeQlRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Test helper: renders parse results compactly so golden tables stay readable, e.g.
 * {@code (and (eq [age] "18") (or (lt [age] "5") (not (eq [name] "x"))))}. Values are shown as JSON. A comparison
 * negated inside its path (TreeQL's {@code neq}) shows a {@code !} before its operator: {@code (!eq [a] "1")}.
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
        return "(" + (compare.negated() ? "!" : "") + compare.op().token() + " " + path(compare.path()) + " "
                + compare.value() + ")";
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

    /** Everything but defaults: {@code where=… order=… size=… page=… pageSize=… include=… exclude=… join=…}. */
    static String treeQl(TreeQlRequest request) {
        List<String> parts = new ArrayList<>();
        if (request.where() != null) {
            parts.add("where=" + condition(request.where()));
        }
        if (!request.ordering().isEmpty()) {
            parts.add("order=" + request.ordering().stream().map(QueryRendering::sortKey)
                    .collect(Collectors.joining(" ")));
        }
        add(parts, "size", request.size());
        add(parts, "page", request.page());
        add(parts, "pageSize", request.pageSize());
        if (!request.include().isEmpty()) {
            parts.add("include=" + quoted(request.include()));
        }
        if (!request.exclude().isEmpty()) {
            parts.add("exclude=" + quoted(request.exclude()));
        }
        if (!request.joins().isEmpty()) {
            parts.add("join=" + request.joins().stream().map(QueryRendering::path).collect(Collectors.joining(" ")));
        }
        return String.join(" ", parts);
    }

    /** Names in quotes, so that empty and blank names stay visible: {@code ["a" "" " b"]}. */
    private static String quoted(List<String> names) {
        return names.stream().map(name -> "\"" + name + "\"").collect(Collectors.joining(" ", "[", "]"));
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
