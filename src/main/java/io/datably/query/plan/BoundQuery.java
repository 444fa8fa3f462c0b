package io.datably.query.plan;

import io.datably.query.model.CountMode;
import io.datably.schema.model.Field;
import java.util.List;

/**
 * A list query checked against a table's schema and the provider's capabilities; what a provider compiles.
 *
 * @param where    filter, or null for all records
 * @param search   full-text search, or null; with no ordering, results are ranked by relevance
 * @param ordering the requested keys followed by the primary key (or the store's row identity) as a tiebreak,
 *                 so paging is stable
 * @param fields   the fields to return, in schema order (all fields when the client named none)
 * @param cursor   in keyset pagination, the signature of the ordering that next-page cursors are made for; null
 *                 with page numbers
 * @param after    in keyset pagination past the first page, "the rows after the cursor's" ({@code Keyset}): it
 *                 limits the page but not the count, which is the total matching {@code where} and {@code search}
 *                 on every page; null otherwise
 * @param expand   relations to embed in each record, after its fields
 */
public record BoundQuery(BoundCondition where, BoundSearch search, List<BoundSort> ordering, long offset, int limit,
                         CountMode count, List<Field> fields, String cursor, BoundCondition after,
                         List<BoundExpand> expand) {
    public BoundQuery {
        ordering = List.copyOf(ordering);
        fields = List.copyOf(fields);
        expand = List.copyOf(expand);
    }

    /** A query paged by offset. */
    public BoundQuery(BoundCondition where, BoundSearch search, List<BoundSort> ordering, long offset, int limit,
                      CountMode count, List<Field> fields) {
        this(where, search, ordering, offset, limit, count, fields, null, null, List.of());
    }
}
