package io.datably.provider.sql;

import io.datably.schema.model.Field;
import io.datably.schema.model.TableSchema;
import java.util.List;

/**
 * What differs between the PostgreSQL providers when they index fields (their {@link ColumnAccess} aside): which
 * typed values PostgreSQL accepts in an index, whether a gin index may cover the whole record, and how the catalog's
 * index columns read back as schema fields.
 */
public interface SqlIndexKeys {

    /** Why the field's value cannot be an index key or appear in an index predicate, or null when it can. */
    String notIndexable(Field field);

    /** The key of a gin index that names no field (the whole record, with its opclass), or null for none. */
    String wholeRecord();

    /**
     * The schema fields one key column of an index stands for.
     *
     * @param column     the table column it is, or null for an expression
     * @param expression the column's definition as PostgreSQL prints it ({@code pg_get_indexdef(index, n, true)})
     */
    List<String> fieldsOf(String column, String expression, TableSchema schema);
}
