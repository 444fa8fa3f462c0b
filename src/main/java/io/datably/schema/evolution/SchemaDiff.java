package io.datably.schema.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.datably.schema.model.Constraints;
import io.datably.schema.model.Field;
import io.datably.schema.model.ForeignKey;
import io.datably.schema.model.TableSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What changes from one Table Schema to the next, field by field and key by key: the input of the changelog
 * generator and of the guard rails. A rename cannot be guessed (a removed and an added field look the same), so it
 * is declared on the new field: {@code "datably:renamedFrom": "old_name"}.
 */
public record SchemaDiff(List<Change> changes) {
    /** A migration's instruction to itself, not part of the lasting schema: removed before the schema is stored. */
    public static final String RENAMED_FROM = "datably:renamedFrom";

    public SchemaDiff {
        changes = List.copyOf(changes);
    }

    /**
     * One change; the order of a diff is: removals, renames, additions, field changes, then keys (a removal first, so
     * a field may be renamed to the name of one removed).
     */
    public sealed interface Change {
    }

    public record FieldRenamed(String from, Field field) implements Change {
    }

    public record FieldRemoved(Field field) implements Change {
    }

    public record FieldAdded(Field field) implements Change {
    }

    /** The type or the format of a field changed (its constraints are compared separately). */
    public record TypeChanged(Field before, Field after) implements Change {
    }

    /**
     * One constraint of a field changed: {@code required}, {@code unique}, {@code minLength}, {@code maxLength},
     * {@code minimum}, {@code maximum}, {@code exclusiveMinimum}, {@code exclusiveMaximum}, {@code pattern},
     * {@code enum} or {@code jsonSchema}; absent is null.
     */
    public record ConstraintChanged(Field field, String constraint, JsonNode before, JsonNode after)
            implements Change {
    }

    public record PrimaryKeyChanged(List<String> before, List<String> after) implements Change {
    }

    public record UniqueKeyAdded(List<String> fields) implements Change {
    }

    public record UniqueKeyRemoved(List<String> fields) implements Change {
    }

    public record ForeignKeyAdded(ForeignKey key) implements Change {
    }

    public record ForeignKeyRemoved(ForeignKey key) implements Change {
    }

    /** The changes in words, one per change, for previews and logs. */
    public List<String> describe() {
        return changes.stream().map(SchemaDiff::describe).toList();
    }

    /** {@code integer (default)}, with the column type when the field names one: {@code integer (default, bigint)}. */
    private static String typeOf(Field f) {
        return f.type().jsonName() + " (" + f.format() + (f.sqlType() == null ? "" : ", " + f.sqlType()) + ")";
    }

    private static String describe(Change change) {
        if (change instanceof FieldRenamed r) {
            return "rename field '" + r.from() + "' to '" + r.field().name() + "'";
        } else if (change instanceof FieldRemoved r) {
            return "remove field '" + r.field().name() + "'";
        } else if (change instanceof FieldAdded a) {
            return "add field '" + a.field().name() + "' (" + a.field().type().jsonName() + ")";
        } else if (change instanceof TypeChanged t) {
            return "change field '" + t.after().name() + "' from " + typeOf(t.before()) + " to " + typeOf(t.after());
        } else if (change instanceof ConstraintChanged c) {
            return "change constraint " + c.constraint() + " of field '" + c.field().name() + "' from "
                    + c.before() + " to " + c.after();
        } else if (change instanceof PrimaryKeyChanged p) {
            return "change primaryKey from " + p.before() + " to " + p.after();
        } else if (change instanceof UniqueKeyAdded u) {
            return "add uniqueKey " + u.fields();
        } else if (change instanceof UniqueKeyRemoved u) {
            return "remove uniqueKey " + u.fields();
        } else if (change instanceof ForeignKeyAdded f) {
            return "add foreignKey " + f.key().fields() + " -> " + f.key().resource() + f.key().referenceFields();
        } else if (change instanceof ForeignKeyRemoved f) {
            return "remove foreignKey " + f.key().fields() + " -> " + f.key().resource() + f.key().referenceFields();
        }
        return change.toString();
    }

    /**
     * Whether this change leaves every stored value as it is and only adds (null, or a backfill value), renames and
     * removes fields, or drops constraints and keys: then a store can carry records to the new schema in one
     * statement, and no record can need a value cleared.
     */
    public boolean onlyMovesFields(Set<String> backfilled) {
        Set<String> added = new HashSet<>();
        for (Change change : changes) {
            if (change instanceof FieldAdded a) {
                added.add(a.field().name());
            } else if (change instanceof ConstraintChanged c) {
                if (c.after() != null) {
                    return false;
                }
            } else if (!(change instanceof FieldRenamed || change instanceof FieldRemoved
                    || change instanceof UniqueKeyRemoved || change instanceof ForeignKeyRemoved)) {
                return false;
            }
        }
        return added.containsAll(backfilled);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /**
     * The diff from {@code before} to {@code after}. A new field naming an old one in {@code datably:renamedFrom}
     * is that field renamed (then compared with it); the old name must exist and not remain in the new schema.
     *
     * @throws IllegalArgumentException when a declared rename does not fit (the caller reports it as a 400)
     */
    public static SchemaDiff between(TableSchema before, TableSchema after) {
        List<Change> renames = new ArrayList<>();
        List<Change> removals = new ArrayList<>();
        List<Change> additions = new ArrayList<>();
        List<Change> fieldChanges = new ArrayList<>();
        Map<String, Field> oldByName = new LinkedHashMap<>();
        before.fields().forEach(f -> oldByName.put(f.name(), f));
        Map<String, String> newNameOfOld = new LinkedHashMap<>();
        for (Field f : after.fields()) {
            String from = renamedFrom(f);
            if (from == null || from.equals(f.name())) {
                continue;
            }
            if (!oldByName.containsKey(from)) {
                throw new IllegalArgumentException("field '" + f.name() + "' is renamed from '" + from
                        + "', which the current schema does not have");
            }
            if (after.field(from).isPresent()) {
                throw new IllegalArgumentException("field '" + f.name() + "' is renamed from '" + from
                        + "', which the new schema still has");
            }
            if (newNameOfOld.put(from, f.name()) != null) {
                throw new IllegalArgumentException("two fields are renamed from '" + from + "'");
            }
        }
        for (Field old : before.fields()) {
            String now = newNameOfOld.getOrDefault(old.name(), old.name());
            // A field whose name another field is renamed to is replaced by it: removed (its values checked as such).
            boolean takenByRename = !newNameOfOld.containsKey(old.name()) && newNameOfOld.containsValue(old.name());
            if (after.field(now).isEmpty() || takenByRename) {
                removals.add(new FieldRemoved(old));
            }
        }
        for (Field f : after.fields()) {
            String from = newNameOfOld.containsValue(f.name()) ? renamedFrom(f) : f.name();
            Field old = oldByName.get(from);
            if (old == null) {
                additions.add(new FieldAdded(f));
                continue;
            }
            if (!from.equals(f.name())) {
                renames.add(new FieldRenamed(from, f));
            }
            if (old.type() != f.type() || !old.format().equals(f.format()) || sqlTypeChanged(old, f)) {
                fieldChanges.add(new TypeChanged(old, f));
            }
            constraints(f, old.constraints(), f.constraints(), fieldChanges);
        }
        List<Change> all = new ArrayList<>(removals);
        all.addAll(renames);
        all.addAll(additions);
        all.addAll(fieldChanges);
        keys(before, after, newNameOfOld, all);
        return new SchemaDiff(all);
    }

    /**
     * {@code before} as a store that renames in place holds it once this diff's renames ran: renamed fields (in keys
     * too) under their new names, removed fields under a name no field of either schema has.
     * flat_table compares its constraints and indexes with these, so a rename alone re-creates none of them:
     * PostgreSQL carries them across a RENAME COLUMN, with the foreign keys of other tables that depend on them.
     */
    public TableSchema renamedBefore(TableSchema before) {
        Map<String, String> names = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        before.fields().forEach(f -> taken.add(f.name()));
        for (Change change : changes) {
            if (change instanceof FieldRenamed r) {
                names.put(r.from(), r.field().name());
                taken.add(r.field().name());
            } else if (change instanceof FieldAdded a) {
                taken.add(a.field().name());
            }
        }
        for (Change change : changes) {
            if (change instanceof FieldRemoved r) {
                String gone = "removed " + r.field().name();
                while (taken.contains(gone)) {
                    gone += "_";
                }
                taken.add(gone);
                names.put(r.field().name(), gone);
            }
        }
        List<Field> fields = before.fields().stream().map(f -> new Field(names.getOrDefault(f.name(), f.name()),
                f.type(), f.format(), f.constraints(), f.missingValues(), f.descriptor())).toList();
        List<ForeignKey> foreign = before.foreignKeys().stream().map(fk -> new ForeignKey(
                renamedList(fk.fields(), names), fk.resource(),
                fk.selfReference() ? renamedList(fk.referenceFields(), names) : fk.referenceFields())).toList();
        ObjectNode descriptor = before.descriptor() == null ? null : before.descriptor().deepCopy();
        if (descriptor != null && descriptor.path("datably:search").path("fields") instanceof ArrayNode searched) {
            for (int i = 0; i < searched.size(); i++) { // the full-text index is defined by these names
                String name = searched.get(i).asText();
                searched.set(i, TextNode.valueOf(names.getOrDefault(name, name)));
            }
        }
        return new TableSchema(fields, renamedList(before.primaryKey(), names),
                before.uniqueKeys().stream().map(k -> renamedList(k, names)).toList(), foreign, descriptor);
    }

    /** The schema as stored: rename instructions removed (they describe this change, not the table). */
    public static JsonNode withoutRenames(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        JsonNode fields = copy.get("fields");
        if (fields != null && fields.isArray()) {
            fields.forEach(f -> {
                if (f instanceof ObjectNode field) {
                    field.remove(RENAMED_FROM);
                }
            });
        }
        return copy;
    }

    /**
     * The schema with its own references to renamed fields carried to their new names: {@code datably:search.fields}
     * naming a field's {@code datably:renamedFrom} names the field instead (a schema sent with its search settings
     * as they were would otherwise search a field that no longer exists). Names no renamed field had stay as given.
     */
    public static JsonNode withRenamesCarried(JsonNode schema) {
        if (schema == null || !schema.path("fields").isArray()
                || !(schema.path("datably:search").path("fields") instanceof ArrayNode searched)) {
            return schema;
        }
        Map<String, String> newNameOfOld = new LinkedHashMap<>();
        Set<String> present = new HashSet<>();
        schema.get("fields").forEach(f -> {
            present.add(f.path("name").asText());
            if (f.path(RENAMED_FROM).isTextual() && f.path("name").isTextual()) {
                newNameOfOld.putIfAbsent(f.get(RENAMED_FROM).textValue(), f.get("name").textValue());
            }
        });
        present.forEach(newNameOfOld::remove); // a name still there is that field's (or a bad rename, a 400 later)
        if (newNameOfOld.isEmpty()) {
            return schema;
        }
        JsonNode copy = schema.deepCopy();
        ArrayNode carried = (ArrayNode) copy.get("datably:search").get("fields");
        for (int i = 0; i < carried.size(); i++) {
            String renamed = carried.get(i).isTextual() ? newNameOfOld.get(carried.get(i).textValue()) : null;
            if (renamed != null) {
                carried.set(i, TextNode.valueOf(renamed));
            }
        }
        return copy;
    }

    /**
     * A new field that names its store's column type ({@code datably:sqlType}, as adoption and the columns API write
     * it) names another than the old one. A field that leaves it out keeps the column as it is.
     */
    private static boolean sqlTypeChanged(Field old, Field f) {
        return f.sqlType() != null && !f.normalizedSqlType().equals(old.normalizedSqlType());
    }

    private static String renamedFrom(Field f) {
        JsonNode from = f.descriptor() == null ? null : f.descriptor().get(RENAMED_FROM);
        return from == null || !from.isTextual() ? null : from.textValue();
    }

    private static void constraints(Field field, Constraints a, Constraints b, List<Change> out) {
        compare(field, "required", BooleanNode.valueOf(a.required()), BooleanNode.valueOf(b.required()), out);
        compare(field, "unique", BooleanNode.valueOf(a.unique()), BooleanNode.valueOf(b.unique()), out);
        compare(field, "minLength", integer(a.minLength()), integer(b.minLength()), out);
        compare(field, "maxLength", integer(a.maxLength()), integer(b.maxLength()), out);
        compare(field, "minimum", a.minimum(), b.minimum(), out);
        compare(field, "maximum", a.maximum(), b.maximum(), out);
        compare(field, "exclusiveMinimum", a.exclusiveMinimum(), b.exclusiveMinimum(), out);
        compare(field, "exclusiveMaximum", a.exclusiveMaximum(), b.exclusiveMaximum(), out);
        compare(field, "pattern", a.pattern() == null ? null : TextNode.valueOf(a.pattern()),
                b.pattern() == null ? null : TextNode.valueOf(b.pattern()), out);
        compare(field, "enum", list(a.enumValues()), list(b.enumValues()), out);
        compare(field, "jsonSchema", a.jsonSchema(), b.jsonSchema(), out);
    }

    private static void compare(Field field, String name, JsonNode before, JsonNode after, List<Change> out) {
        boolean absentBefore = before == null || before.equals(BooleanNode.FALSE);
        boolean absentAfter = after == null || after.equals(BooleanNode.FALSE);
        if (absentBefore && absentAfter) {
            return;
        }
        if (!Objects.equals(before, after)) {
            out.add(new ConstraintChanged(field, name, absentBefore ? null : before, absentAfter ? null : after));
        }
    }

    private static JsonNode integer(Integer value) {
        return value == null ? null : IntNode.valueOf(value);
    }

    private static JsonNode list(List<JsonNode> values) {
        if (values == null) {
            return null;
        }
        var array = JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array;
    }

    /** Keys are compared after renaming the old schema's field names, so a renamed key field is no key change. */
    private static void keys(TableSchema before, TableSchema after, Map<String, String> renamed, List<Change> out) {
        List<String> oldKey = renamedList(before.primaryKey(), renamed);
        if (!oldKey.equals(after.primaryKey())) {
            out.add(new PrimaryKeyChanged(before.primaryKey(), after.primaryKey()));
        }
        List<List<String>> oldUnique = before.uniqueKeys().stream().map(k -> renamedList(k, renamed)).toList();
        oldUnique.stream().filter(k -> !after.uniqueKeys().contains(k)).forEach(k -> out.add(new UniqueKeyRemoved(k)));
        after.uniqueKeys().stream().filter(k -> !oldUnique.contains(k)).forEach(k -> out.add(new UniqueKeyAdded(k)));
        List<ForeignKey> oldForeign = before.foreignKeys().stream().map(fk -> new ForeignKey(
                renamedList(fk.fields(), renamed), fk.resource(),
                fk.selfReference() ? renamedList(fk.referenceFields(), renamed) : fk.referenceFields())).toList();
        oldForeign.stream().filter(fk -> !after.foreignKeys().contains(fk))
                .forEach(fk -> out.add(new ForeignKeyRemoved(fk)));
        after.foreignKeys().stream().filter(fk -> !oldForeign.contains(fk))
                .forEach(fk -> out.add(new ForeignKeyAdded(fk)));
    }

    private static List<String> renamedList(List<String> names, Map<String, String> renamed) {
        return names.stream().map(n -> renamed.getOrDefault(n, n)).toList();
    }
}
