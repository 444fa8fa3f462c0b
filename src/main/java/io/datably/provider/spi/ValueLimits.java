package io.datably.provider.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.ProblemItem;
import io.datably.schema.model.Field;
import io.datably.schema.model.TableSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * What a store cannot hold of the values a schema accepts (a bigint column, PostgreSQL's numeric, MongoDB's
 * Decimal128), so that such a value is refused with a 400 naming the record's field or the filter before the store
 * fails on it. The planner checks filter values with it, providers the records they are given.
 */
@FunctionalInterface
public interface ValueLimits {
    ValueLimits NONE = (field, value) -> null;

    /**
     * Why a canonical value of {@code field} (for an array or list field, possibly one element of it) cannot be
     * stored or compared here, as a phrase that follows the value ("is beyond ..."); null when it can.
     */
    String problem(Field field, JsonNode value);

    /**
     * Why {@code field}'s values have no meaningful order in this store, so that ordered comparisons (gt, gte, lt,
     * lte, range), ordering by it, min and max are refused; null when they have one (whatever the schema type).
     */
    default String unordered(Field field) {
        return null;
    }

    /** The problems of a record's values, one per field, as {@code (field, "out_of_range", message)}. */
    default List<ProblemItem> problems(TableSchema schema, ObjectNode record) {
        List<ProblemItem> problems = new ArrayList<>();
        for (Field field : schema.fields()) {
            JsonNode value = record.get(field.name());
            String why = value == null || value.isNull() ? null : problem(field, value);
            if (why != null) {
                problems.add(new ProblemItem(field.name(), "out_of_range", why));
            }
        }
        return problems;
    }
}
