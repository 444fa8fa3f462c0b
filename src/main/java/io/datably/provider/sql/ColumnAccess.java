package io.datably.provider.sql;

import io.datably.schema.model.Field;

/**
 * How a PostgreSQL provider reaches a field's stored value, typed as {@link PgTypes#columnType}: a column, or a
 * typed extraction from a jsonb document. The two PostgreSQL providers differ only here (and in rendering records).
 */
@FunctionalInterface
public interface ColumnAccess {
    /**
     * @param row a table alias or row expression ({@code t}, {@code x1}, {@code (p.r)}), or null for the table's own
     *            unqualified columns (index expressions)
     */
    String column(String row, Field field);

    /**
     * The SQL type a filter value of {@code field} is cast to before it is compared with {@link #column}: the
     * column's own type (so an index on it serves), unless the provider reads the field as another type.
     */
    default String valueType(Field field) {
        return PgTypes.columnType(field);
    }
}
