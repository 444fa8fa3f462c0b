package io.datably.query.plan;

import java.util.List;

/**
 * A relation to embed in each record of a page, under the relation's name: to-one as an object (or null), to-many
 * as an array of at most {@code limit} records in {@code ordering} (the target's key, so the choice is stable).
 *
 * @param nested relations to embed inside each related record
 * @param where  the related table's row filter (its own fields only), or null: only records within the caller's
 *               reach are embedded
 */
public record BoundExpand(BoundJoin join, int limit, List<BoundSort> ordering, List<BoundExpand> nested,
                          BoundCondition where) {
    public BoundExpand {
        ordering = List.copyOf(ordering);
        nested = List.copyOf(nested);
    }

    public String name() {
        return join.relation().name();
    }
}
