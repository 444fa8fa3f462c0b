package io.datably.schema.evolution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datably.schema.model.TableSchema;
import io.datably.schema.validate.SchemaDescriptorParser;
import io.datably.testsupport.Api;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Golden tests: (old schema, new schema) → the list of changes, rendered one per line. */
class SchemaDiffTest {
    private static final String BASE = """
            {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string",
                         "constraints": {"maxLength": 10}},
                        {"name": "price", "type": "number"}, {"name": "parent_id", "type": "integer"}],
             "primaryKey": ["id"], "uniqueKeys": [["name", "price"]],
             "foreignKeys": [{"fields": ["parent_id"], "reference": {"resource": "", "fields": ["id"]}}]}""";

    private static TableSchema schema(String json) {
        var result = SchemaDescriptorParser.parse(Api.json(json));
        assertTrue(result.valid(), result.problems().toString());
        return result.schema();
    }

    private static String diff(String after) {
        return render(SchemaDiff.between(schema(BASE), schema(after)));
    }

    static String render(SchemaDiff diff) {
        return diff.changes().stream().map(c -> {
            if (c instanceof SchemaDiff.FieldRenamed r) {
                return "rename " + r.from() + " -> " + r.field().name();
            }
            if (c instanceof SchemaDiff.FieldRemoved r) {
                return "remove " + r.field().name();
            }
            if (c instanceof SchemaDiff.FieldAdded a) {
                return "add " + a.field().name() + ":" + a.field().type().jsonName();
            }
            if (c instanceof SchemaDiff.TypeChanged t) {
                return "type " + t.after().name() + " " + t.before().type().jsonName() + "/" + t.before().format()
                        + " -> " + t.after().type().jsonName() + "/" + t.after().format();
            }
            if (c instanceof SchemaDiff.ConstraintChanged k) {
                return "constraint " + k.field().name() + "." + k.constraint() + " " + k.before() + " -> " + k.after();
            }
            if (c instanceof SchemaDiff.PrimaryKeyChanged p) {
                return "primaryKey " + p.before() + " -> " + p.after();
            }
            if (c instanceof SchemaDiff.UniqueKeyAdded u) {
                return "unique+ " + u.fields();
            }
            if (c instanceof SchemaDiff.UniqueKeyRemoved u) {
                return "unique- " + u.fields();
            }
            if (c instanceof SchemaDiff.ForeignKeyAdded f) {
                return "fk+ " + f.key().fields();
            }
            return "fk- " + ((SchemaDiff.ForeignKeyRemoved) c).key().fields();
        }).collect(Collectors.joining("; "));
    }

    /**
     * A field that names another column type ({@code datably:sqlType}, as the columns API writes it) changes type,
     * though its Frictionless type stays; one that leaves the column type out keeps the column as it is.
     */
    @Test
    void aNewColumnTypeIsATypeChangeAndALeftOutOneIsNot() {
        String integer = BASE.replace("{\"name\": \"id\", \"type\": \"integer\"}",
                "{\"name\": \"id\", \"type\": \"integer\", \"datably:sqlType\": \"integer\"}");
        String bigint = integer.replace("\"datably:sqlType\": \"integer\"", "\"datably:sqlType\": \"BIGINT\"");
        String spaced = integer.replace("\"datably:sqlType\": \"integer\"", "\"datably:sqlType\": \" Integer \"");
        assertEquals("type id integer/default -> integer/default",
                render(SchemaDiff.between(schema(integer), schema(bigint))));
        assertTrue(SchemaDiff.between(schema(integer), schema(BASE)).isEmpty());
        assertTrue(SchemaDiff.between(schema(integer), schema(spaced)).isEmpty());
        assertEquals("type id integer/default -> integer/default", diff(integer));
        assertEquals(List.of("change field 'id' from integer (default, integer) to integer (default, BIGINT)"),
                SchemaDiff.between(schema(integer), schema(bigint)).describe());
    }

    @Test
    void sameSchemaNoChanges() {
        assertTrue(SchemaDiff.between(schema(BASE), schema(BASE)).isEmpty());
    }

    @Test
    void addAndRemoveFields() {
        assertEquals("remove price; add qty:integer; unique- [name, price]", diff("""
                {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string",
                             "constraints": {"maxLength": 10}},
                            {"name": "parent_id", "type": "integer"}, {"name": "qty", "type": "integer"}],
                 "primaryKey": ["id"],
                 "foreignKeys": [{"fields": ["parent_id"], "reference": {"resource": "", "fields": ["id"]}}]}"""));
    }

    @Test
    void declaredRenamesKeepKeysAndReferences() {
        assertEquals("rename id -> key; rename name -> title; type title string/default -> string/email", diff("""
                {"fields": [{"name": "key", "type": "integer", "datably:renamedFrom": "id"},
                            {"name": "title", "type": "string", "format": "email", "datably:renamedFrom": "name",
                             "constraints": {"maxLength": 10}},
                            {"name": "price", "type": "number"}, {"name": "parent_id", "type": "integer"}],
                 "primaryKey": ["key"], "uniqueKeys": [["title", "price"]],
                 "foreignKeys": [{"fields": ["parent_id"], "reference": {"resource": "", "fields": ["key"]}}]}"""));
    }

    /** A field renamed to the name of one that is not renamed away replaces it: that one is removed, first. */
    @Test
    void aRenameOntoAnOldNameRemovesTheOldField() {
        assertEquals("remove price; rename name -> price; unique- [price, price]", diff("""
                {"fields": [{"name": "id", "type": "integer"},
                            {"name": "price", "type": "string", "datably:renamedFrom": "name",
                             "constraints": {"maxLength": 10}},
                            {"name": "parent_id", "type": "integer"}],
                 "primaryKey": ["id"],
                 "foreignKeys": [{"fields": ["parent_id"], "reference": {"resource": "", "fields": ["id"]}}]}"""));
    }

    @Test
    void typesConstraintsAndKeys() {
        assertEquals("constraint name.required null -> true; constraint name.maxLength 10 -> 5; "
                + "constraint name.enum null -> [\"a\",\"b\"]; type price number/default -> integer/default; "
                + "constraint price.minimum null -> 0; primaryKey [id] -> [id, name]; unique- [name, price]; "
                + "unique+ [price]; fk- [parent_id]", diff("""
                {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string",
                             "constraints": {"required": true, "maxLength": 5, "enum": ["a", "b"]}},
                            {"name": "price", "type": "integer", "constraints": {"minimum": 0}},
                            {"name": "parent_id", "type": "integer"}],
                 "primaryKey": ["id", "name"], "uniqueKeys": [["price"]]}"""));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "nope | the current schema does not have",
        "name | the new schema still has",
    })
    void renamesThatDoNotFit(String from, String message) {
        String after = """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"},
                            {"name": "title", "type": "string", "datably:renamedFrom": "FROM"}],
                 "primaryKey": ["id"]}""".replace("FROM", from);
        var e = assertThrows(IllegalArgumentException.class, () -> SchemaDiff.between(schema(BASE), schema(after)));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void twoRenamesFromOneField() {
        var e = assertThrows(IllegalArgumentException.class, () -> SchemaDiff.between(schema(BASE), schema("""
                {"fields": [{"name": "id", "type": "integer"},
                            {"name": "a", "type": "string", "datably:renamedFrom": "name"},
                            {"name": "b", "type": "string", "datably:renamedFrom": "name"}],
                 "primaryKey": ["id"]}""")));
        assertTrue(e.getMessage().contains("two fields are renamed from 'name'"), e.getMessage());
    }

    /** The search settings follow a rename; names of fields that stay, or were never renamed, are left as given. */
    @Test
    void searchSettingsFollowARename() {
        String sent = """
                {"fields": [{"name": "headline", "type": "string", "datably:renamedFrom": "title"},
                            {"name": "body", "type": "string"}, {"name": "note", "type": "string",
                             "datably:renamedFrom": "body"}],
                 "datably:search": {"fields": ["title", "body", "nope"], "language": "english"}}""";
        assertEquals(Api.json("[\"headline\", \"body\", \"nope\"]"),
                SchemaDiff.withRenamesCarried(Api.json(sent)).get("datably:search").get("fields"));
        String noRename = sent.replaceAll(",\\s*\"datably:renamedFrom\": \"\\w+\"", "");
        assertEquals(Api.json(noRename), SchemaDiff.withRenamesCarried(Api.json(noRename)));
    }
}
