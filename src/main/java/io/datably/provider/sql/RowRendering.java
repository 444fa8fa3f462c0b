package io.datably.provider.sql;

import io.datably.schema.model.Field;
import io.datably.schema.model.TableSchema;
import java.util.List;

/** What differs between the PostgreSQL providers when reading: reaching a field, and rendering a record as JSON. */
public interface RowRendering {
    /** A member added after a record's fields: its name and the SQL expression of its JSON value. */
    record Member(String name, String json) {
    }

    ColumnAccess access();

    /**
     * The JSON of one record ({@code json} or {@code jsonb}) from {@code row}, an expression of the table's row type
     * ({@code (p.r)}): the given fields in schema order, then the extra members.
     */
    String document(String row, TableSchema schema, List<Field> fields, List<Member> extras);

    /** The stable tiebreak of a table without a primary key, on alias {@code alias}. */
    String rowIdentity(String alias, TableSchema schema);
}
