package io.datably.provider.pgjsonb;

import io.datably.provider.sql.SqlIndexKeys;
import io.datably.schema.model.Field;
import io.datably.schema.model.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * jsonb tables index typed extractions from the document ({@code ((data ->> 'price')::numeric)}), the expressions
 * their queries compare; a gin index without fields covers the whole document.
 */
final class JsonbIndexKeys implements SqlIndexKeys {
    /** A key read from the document, as PostgreSQL prints it: {@code data ->> 'price'::text}, quotes doubled. */
    private static final Pattern JSON_KEY = Pattern.compile("->>? '((?:[^']|'')*)'");

    /** Dates and times are read with casts that depend on the DateStyle and TimeZone settings. */
    @Override
    public String notIndexable(Field field) {
        return switch (field.type()) {
            case DATE, TIME, DATETIME -> "jsonb tables read '" + field.name() + "' (" + field.type().jsonName()
                    + ") from the document with a cast PostgreSQL does not consider immutable (it depends on "
                    + "settings), so it cannot be indexed or used in an index predicate";
            default -> null;
        };
    }

    @Override
    public String wholeRecord() {
        return "data jsonb_path_ops";
    }

    /** Keys read from the document name their fields; the {@code key} column is the primary key. */
    @Override
    public List<String> fieldsOf(String column, String expression, TableSchema schema) {
        if (column != null) {
            return column.equals("key") ? schema.primaryKey() : List.of();
        }
        List<String> fields = new ArrayList<>();
        Matcher key = JSON_KEY.matcher(expression);
        while (key.find()) {
            String name = key.group(1).replace("''", "'");
            if (schema.field(name).isPresent() && !fields.contains(name)) {
                fields.add(name);
            }
        }
        return fields;
    }
}
