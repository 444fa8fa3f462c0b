package io.datably.query.plan;

import io.datably.query.model.AggregateFunction;
import io.datably.query.model.DateBucket;
import io.datably.schema.model.Field;
import java.util.List;

/**
 * A grouped-aggregate request checked against a table's schema; what a provider compiles. Output rows hold the
 * keys (in order) then the aggregates (in order), each under its {@code name}.
 *
 * @param where    filter applied before grouping, or null
 * @param having   filter over aggregate outputs (its fields are the aggregates' {@code output} fields), or null
 * @param ordering the requested keys, then every group key ascending, so row order is total
 */
public record BoundAggregate(BoundCondition where, List<Key> keys, List<Aggregate> aggregates, BoundCondition having,
                             List<Sort> ordering, int limit) {
    public BoundAggregate {
        keys = List.copyOf(keys);
        aggregates = List.copyOf(aggregates);
        ordering = List.copyOf(ordering);
    }

    /** A group key: the field, its bucket (null: the plain value), and its output name and type. */
    public record Key(Field field, DateBucket bucket, Field output) {
        public String name() {
            return output.name();
        }
    }

    /** An aggregate: function, field (null for count(*)), and its output (alias and result type). */
    public record Aggregate(AggregateFunction function, Field field, Field output) {
        public String alias() {
            return output.name();
        }
    }

    /** An ordering key over an output name; nulls last ascending, first descending (PostgreSQL's default). */
    public record Sort(String name, boolean descending, boolean nullsFirst) {
    }
}
