package io.datably.query.model;

import java.util.List;

/**
 * A list request on one table, free of URL or JSON syntax: what the native and JSON parsers (and later TreeQL)
 * produce, and what the planner binds to a schema.
 *
 * @param where    filter tree, or null for all records
 * @param search   full-text search terms, or null
 * @param ordering sort keys, first wins (empty: the store's stable default)
 * @param fields   field paths to return (null: all fields)
 * @param expand   relations to embed
 */
public record RecordQuery(Condition where, String search, List<SortKey> ordering, Pagination pagination,
                          List<List<String>> fields, List<Expand> expand, CountMode count) {
    public RecordQuery {
        ordering = List.copyOf(ordering);
        fields = fields == null ? null : fields.stream().map(List::copyOf).toList();
        expand = List.copyOf(expand);
    }
}
