package io.datably.provider.spi;

import java.util.List;

/**
 * A named way from a table to related records of another table (or itself) of the same datasource, derived from a
 * foreign key: to-one from the referencing table, to-many from the referenced one.
 *
 * @param name         what {@code expand=} and filter paths call it ({@code author}, {@code comments})
 * @param toMany       whether many records may be related (the other table references this one)
 * @param target       the related table's DataTable name
 * @param fields       this table's fields that join ...
 * @param targetFields ... to these fields of the target, pairwise (equality of each pair)
 */
public record Relation(String name, boolean toMany, String target, List<String> fields, List<String> targetFields) {
    public Relation {
        fields = List.copyOf(fields);
        targetFields = List.copyOf(targetFields);
    }
}
