package io.datably.schema.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * A validated Frictionless Table Schema; {@code primaryKey} is an empty list when there is none (the v1 string
 * form is normalised to a list) and {@code descriptor} is the original descriptor.
 */
public record TableSchema(List<Field> fields, List<String> primaryKey, List<List<String>> uniqueKeys,
        List<ForeignKey> foreignKeys, ObjectNode descriptor) {

    public TableSchema {
        fields = List.copyOf(fields);
        primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
        uniqueKeys = uniqueKeys == null ? List.of() : uniqueKeys.stream().map(List::copyOf).toList();
        foreignKeys = foreignKeys == null ? List.of() : List.copyOf(foreignKeys);
        descriptor = descriptor == null ? null : descriptor.deepCopy();
    }

    /** The field with exactly this (case-sensitive) name. */
    public Optional<Field> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** Whether exactly these fields (in this order) are the primary key or a unique key: the store indexes them. */
    public boolean isKey(List<String> names) {
        return names.equals(primaryKey) || uniqueKeys.contains(names)
                || (names.size() == 1 && field(names.get(0)).map(f -> f.constraints().unique()).orElse(false));
    }

    /** Whether checking a record runs users' regular expressions (costly on large values). */
    public boolean hasPatterns() {
        return fields.stream().anyMatch(f -> f.constraints().pattern() != null);
    }

    /** Records can be read, never written ({@code "datably:readOnly": true}): an adopted view. */
    public boolean readOnly() {
        return descriptor != null && descriptor.path("datably:readOnly").asBoolean(false);
    }

    /**
     * Deleting a record marks it instead of removing it ({@code "datably:softDelete": true}; see {@link SoftDelete}).
     */
    public boolean softDelete() {
        return descriptor != null && descriptor.path(SoftDelete.SETTING).asBoolean(false);
    }

    /** The setting that turns a table's audit trail of record changes off: {@code "datably:audit": false}. */
    public static final String AUDIT_SETTING = "datably:audit";

    /** Record changes leave audit entries unless the schema opts out ({@code "datably:audit": false}). */
    public boolean audited() {
        return descriptor == null || descriptor.path(AUDIT_SETTING).asBoolean(true);
    }

    /** A field is required by its own constraint or, implicitly, by being part of the primary key. */
    public boolean isRequired(Field field) {
        return field.constraints().required() || primaryKey.contains(field.name());
    }
}
