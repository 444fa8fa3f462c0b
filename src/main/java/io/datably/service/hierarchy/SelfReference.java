package io.datably.service.hierarchy;

import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.provider.spi.traversal.Hierarchy;
import io.datably.provider.spi.Relation;
import io.datably.schema.model.Field;
import io.datably.schema.model.TableSchema;
import io.datably.service.tables.TableHandle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The self-referencing foreign key a hierarchy request walks: the table's only one, or the one {@code via} names.
 * A self-reference is known by its relation names ({@code RelationNames}): the to-one (a record's parent,
 * {@code manager}) and the to-many (its children, {@code employees} or {@code employees_by_manager_id}); either name
 * picks it.
 */
final class SelfReference {
    static final String VIA = "via";

    private SelfReference() {
    }

    static Hierarchy.Link of(TableHandle h, String via) {
        String table = h.table().name;
        Map<String, Relation> selfs = new LinkedHashMap<>();
        h.siblings().relationsOf(table).forEach((name, r) -> {
            if (r.target().equals(table)) {
                selfs.put(name, r);
            }
        });
        if (selfs.isEmpty()) {
            throw new DatablyException(ErrorCode.INVALID_PARAMETER, "Datatable '" + table + "' has no self-reference "
                    + "(a foreignKey to its own records, e.g. manager_id → id), so it has no hierarchy");
        }
        Relation chosen;
        if (via == null) {
            // The to-one and the to-many of one foreign key are one self-reference.
            List<List<String>> distinct = selfs.values().stream().map(SelfReference::parentFields).distinct()
                    .toList();
            if (distinct.size() > 1) {
                throw DatablyException.invalidParameter(VIA, "datatable '" + table + "' has several self-references; "
                        + "name one: " + String.join(", ", selfs.keySet()));
            }
            chosen = selfs.values().iterator().next();
        } else {
            chosen = selfs.get(via);
            if (chosen == null) {
                throw DatablyException.invalidParameter(VIA, "'" + DatablyException.abbreviate(via) + "' is not a "
                        + "self-reference of datatable '" + table + "'; it has " + String.join(", ", selfs.keySet()));
            }
        }
        List<String> parent = parentFields(chosen);
        List<String> key = chosen.toMany() ? chosen.fields() : chosen.targetFields();
        if (parent.size() != 1) {
            throw DatablyException.invalidParameter(VIA, "hierarchies follow single-field self-references; "
                    + parent + " → " + key + " has " + parent.size() + " fields");
        }
        TableSchema schema = h.descriptor().schema();
        if (schema.primaryKey().isEmpty()) {
            throw new DatablyException(ErrorCode.INVALID_PARAMETER, "Datatable '" + table
                    + "' has no primaryKey, so its records cannot be walked one by one");
        }
        return new Hierarchy.Link(field(schema, key.get(0)), field(schema, parent.get(0)));
    }

    /** The referencing (parent) fields of a self-reference, whichever side the relation is named from. */
    private static List<String> parentFields(Relation r) {
        return r.toMany() ? r.targetFields() : r.fields();
    }

    private static Field field(TableSchema schema, String name) {
        return schema.field(name).orElseThrow();
    }
}
