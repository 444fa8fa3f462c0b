package io.datably.provider.pgflat;

import io.datably.provider.sql.SqlIndexKeys;
import io.datably.schema.model.Field;
import io.datably.schema.model.TableSchema;
import java.util.List;

/** Flat tables index their columns: every field can be a key, and a key column is the field of its name. */
public final class FlatIndexKeys implements SqlIndexKeys {

    @Override
    public String notIndexable(Field field) {
        return null;
    }

    /** A flat table has no record-wide value to index; gin names its (string or JSON) fields. */
    @Override
    public String wholeRecord() {
        return null;
    }

    /** Expressions (the search index's tsvector) are not one field: they are left out. */
    @Override
    public List<String> fieldsOf(String column, String expression, TableSchema schema) {
        return column == null ? List.of() : List.of(column);
    }
}
