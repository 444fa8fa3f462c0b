package io.datably.provider.spi;

import io.datably.query.plan.BoundCondition;
import io.datably.schema.model.Field;
import java.util.List;

/**
 * An index to build, checked against the table's schema by the service: the name is valid and free, the fields
 * exist, the predicate is bound and follows no relation. Whether the store can build it is the provider's call.
 *
 * @param name   the user's name (a provider derives its physical name from it)
 * @param fields the indexed fields in key order; empty only for a gin index over the whole record
 * @param where  the partial index's predicate, or null
 */
public record IndexDefinition(String name, List<Field> fields, IndexType type, boolean unique, BoundCondition where) {
    public IndexDefinition {
        fields = List.copyOf(fields);
    }
}
