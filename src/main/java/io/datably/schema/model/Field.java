package io.datably.schema.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * One column of a table schema: {@code format} is {@code "default"} when absent (legacy {@code fmt:} prefix stripped),
 * {@code missingValues} is the effective list (field-level, else schema-level, else {@code [""]}), and
 * {@code descriptor} is the original field descriptor, kept for type options such as {@code trueValues}.
 */
public record Field(String name, FieldType type, String format, Constraints constraints,
        List<String> missingValues, ObjectNode descriptor) {

    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        format = format == null ? "default" : format;
        constraints = constraints == null ? Constraints.NONE : constraints;
        missingValues = missingValues == null ? List.of("") : List.copyOf(missingValues);
        descriptor = descriptor == null ? null : descriptor.deepCopy();
    }

    /**
     * The store fills this field when a record leaves it out ({@code "datably:generated": true}): a column of an
     * adopted table with a default, serial or identity. Leaving it out is then not a missing value.
     */
    public boolean generated() {
        return descriptor != null && descriptor.path("datably:generated").asBoolean(false);
    }

    /**
     * A flat_table column's PostgreSQL type ({@code "datably:sqlType": "numeric(10,2)"}; adoption and the columns API
     * write it), or null.
     */
    public String sqlType() {
        return descriptor == null || !descriptor.path("datably:sqlType").isTextual() ? null
                : descriptor.get("datably:sqlType").textValue();
    }

    /**
     * {@link #sqlType} compared as PostgreSQL reads it: lower case, no spaces around parentheses and commas
     * ({@code " Numeric( 10 , 2 )"} → {@code "numeric(10,2)"}); null when the field names none.
     */
    public String normalizedSqlType() {
        String sqlType = sqlType();
        return sqlType == null ? null
                : sqlType.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("\\s*([(),])\\s*", "$1");
    }
}
