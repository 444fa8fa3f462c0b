package io.datably.query.model;

import java.util.List;

/**
 * A grouped-aggregate request on one table, free of URL or JSON syntax.
 *
 * @param where      filter applied before grouping, or null
 * @param groupBy    group keys (may be empty: one row over all filtered records)
 * @param aggregates the aggregates to compute (at least one)
 * @param having     filter over aggregate aliases, applied after grouping, or null
 * @param ordering   keys over output names (aliases or group keys); paths are one segment
 * @param limit      requested row limit, or null for the default
 */
public record AggregateQuery(Condition where, List<GroupKey> groupBy, List<AggregateSpec> aggregates,
                             Condition having, List<SortKey> ordering, Long limit) {
    public AggregateQuery {
        groupBy = List.copyOf(groupBy);
        aggregates = List.copyOf(aggregates);
        ordering = List.copyOf(ordering);
    }
}
