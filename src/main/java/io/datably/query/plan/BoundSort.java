package io.datably.query.plan;

import io.datably.query.model.SortKey.Nulls;
import io.datably.schema.model.Field;

/**
 * One ordering key bound to a field. Nulls go last ascending and first descending unless told otherwise, on every
 * provider (PostgreSQL's default, which MongoDB is made to follow).
 */
public record BoundSort(Field field, boolean descending, Nulls nulls) {

    /** Whether nulls come first, once DEFAULT is resolved. */
    public boolean nullsFirst() {
        return nulls == Nulls.FIRST || (nulls == Nulls.DEFAULT && descending);
    }
}
