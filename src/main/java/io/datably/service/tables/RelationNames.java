package io.datably.service.tables;

import io.datably.provider.spi.Relation;
import io.datably.schema.model.ForeignKey;
import io.datably.schema.model.TableSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The relations of a table, derived from the foreign keys of its datasource's tables (API.md): a table gets a
 * to-one relation per foreign key of its own, named after the field without its {@code _id} suffix
 * ({@code category_id} → {@code category}; otherwise the referenced table's name), and a to-many relation per
 * foreign key that references it, named after the referencing table ({@code products}). A name that would be
 * ambiguous (two keys to one table) or equal a field's name becomes {@code <name>_by_<key fields>}
 * ({@code messages_by_sender_id}), so every name is stable whatever order tables were created in.
 */
public final class RelationNames {
    private RelationNames() {
    }

    /** Relations of {@code table}, by name; {@code schemas} holds every active table of the datasource by name. */
    public static Map<String, Relation> of(String table, Map<String, TableSchema> schemas) {
        TableSchema own = schemas.get(table);
        List<Relation> candidates = new ArrayList<>();
        for (ForeignKey fk : own.foreignKeys()) {
            String target = target(table, fk);
            if (schemas.containsKey(target)) {
                candidates.add(new Relation(toOneName(fk, target), false, target, fk.fields(), fk.referenceFields()));
            }
        }
        for (Map.Entry<String, TableSchema> other : new TreeMap<>(schemas).entrySet()) {
            for (ForeignKey fk : other.getValue().foreignKeys()) {
                if (target(other.getKey(), fk).equals(table)) {
                    candidates.add(new Relation(other.getKey(), true, other.getKey(), fk.referenceFields(),
                            fk.fields()));
                }
            }
        }
        Map<String, Integer> uses = new HashMap<>();
        candidates.forEach(r -> uses.merge(r.name(), 1, Integer::sum));
        Map<String, Relation> relations = new LinkedHashMap<>();
        for (Relation r : candidates) {
            String name = r.name();
            if (uses.get(name) > 1 || own.field(name).isPresent()) {
                name = name + "_by_" + String.join("_", r.toMany() ? r.targetFields() : r.fields());
            }
            if (!relations.containsKey(name) && own.field(name).isEmpty()) {
                relations.put(name, new Relation(name, r.toMany(), r.target(), r.fields(), r.targetFields()));
            }
        }
        return relations;
    }

    private static String target(String table, ForeignKey fk) {
        return fk.selfReference() ? table : fk.resource();
    }

    private static String toOneName(ForeignKey fk, String target) {
        String field = fk.fields().get(0);
        return fk.fields().size() == 1 && field.endsWith("_id") && field.length() > 3
                ? field.substring(0, field.length() - 3) : target;
    }
}
