package io.datably.provider;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.testsupport.Api;
import io.datably.testsupport.HeldLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Schema changes of a materialized table that holds records, on each provider: every change kind, the guard's 409
 * with counts and example keys, {@code allow_destructive}, backfills, {@code dry_run}, the operation history and
 * rollback. Each test makes its own table from {@link #SCHEMA} and {@link #RECORDS}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SchemaEvolutionContractTests {
    static final String SCHEMA = """
            {"fields": [{"name": "id", "type": "integer"},
                        {"name": "name", "type": "string"},
                        {"name": "qty", "type": "string"},
                        {"name": "price", "type": "number"},
                        {"name": "status", "type": "string"},
                        {"name": "note", "type": "string"}],
             "primaryKey": ["id"]}""";
    static final String RECORDS = """
            [{"id": 1, "name": "apple",  "qty": "10", "price": 1.5, "status": "open",   "note": "a"},
             {"id": 2, "name": "banana", "qty": "20", "price": 2.5, "status": "closed", "note": null},
             {"id": 3, "name": "cherry", "qty": "x",  "price": 9.5, "status": "weird",  "note": "c"},
             {"id": 4, "name": "apple",  "qty": null, "price": 4,   "status": "open",   "note": null}]""";

    protected Api api;
    protected String ds;
    private int tables;

    protected abstract String providerType();

    /** Once per class, but after Quarkus started (a @BeforeAll would run before its HTTP port is known). */
    @BeforeEach
    void datasource() {
        if (api != null) {
            return;
        }
        api = Api.newTenant();
        ds = api.createDataSource(providerType());
    }

    /** A fresh table with the fixture records; answers its datatable path. */
    protected String table() {
        String name = "items" + ++tables;
        String records = api.createTable(ds, name, SCHEMA);
        api.post(records, RECORDS).statusCode(201);
        return ds + "/datatables/" + name;
    }

    /** The fixture schema with one field replaced (by name) or, for an unknown name, added. */
    static String withField(String name, String fieldJson) {
        return withField(SCHEMA, name, fieldJson);
    }

    static String withField(String base, String name, String fieldJson) {
        ObjectNode schema = (ObjectNode) Api.json(base);
        ArrayNode fields = (ArrayNode) schema.get("fields");
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).get("name").asText().equals(name)) {
                if (fieldJson == null) {
                    fields.remove(i);
                } else {
                    fields.set(i, Api.json(fieldJson));
                }
                return schema.toString();
            }
        }
        fields.add(Api.json(fieldJson));
        return schema.toString();
    }

    private String change(String schema) {
        return "{\"json_schema\": " + schema + "}";
    }

    private JsonNode records(String table) {
        return Api.json(api.get(table + "/records/?ordering=id").statusCode(200).extract().asString()).get("results");
    }

    private JsonNode record(String table, int id) {
        for (JsonNode r : records(table)) {
            if (r.get("id").asInt() == id) {
                return r;
            }
        }
        throw new AssertionError("no record " + id);
    }

    private JsonNode operations(String table) {
        return Api.json(api.get(table + "/operations/").statusCode(200).extract().asString()).get("results");
    }

    private JsonNode lastOperation(String table) {
        JsonNode ops = operations(table);
        return ops.get(ops.size() - 1);
    }

    // ---- additions, renames, removals ------------------------------------------------------------------------

    @Test
    void addsANullableField() {
        String table = table();
        api.patch(table, change(withField("color", "{\"name\": \"color\", \"type\": \"string\"}"))).statusCode(200)
                .body("schema_version", equalTo(2)).body("json_schema.fields.name", hasItem("color"));
        JsonNode records = records(table);
        assertEquals(4, records.size());
        records.forEach(r -> assertTrue(r.get("color") == null || r.get("color").isNull(), r.toString()));
        assertEquals("apple", records.get(0).get("name").asText());
        api.post(table + "/records/", "{\"id\": 5, \"name\": \"kiwi\", \"color\": \"green\"}").statusCode(201);
        assertEquals("green", record(table, 5).get("color").asText());
        JsonNode materialize = operations(table).get(1);
        assertEquals("materialize", materialize.get("operation").asText());
        assertNotBlank(materialize.get("sql"));
        JsonNode op = lastOperation(table);
        assertEquals("update", op.get("operation").asText());
        assertEquals("applied", op.get("status").asText());
        assertTrue(op.get("reversible").asBoolean());
        assertNotBlank(op.get("hash_before"));
        assertFalse(op.get("hash_before").equals(op.get("hash_after")));
        assertChangelog(op, "addColumn");
    }

    @Test
    void renamesAFieldKeepingItsValues() {
        String table = table();
        String schema = withField("name", "{\"name\": \"title\", \"type\": \"string\", \"datably:renamedFrom\": \"name\"}");
        api.patch(table, change(schema)).statusCode(200).body("json_schema.fields.name", hasItem("title"))
                .body("json_schema.fields.name", not(hasItem("name")))
                .body("json_schema.fields[1]", not(org.hamcrest.Matchers.hasKey("datably:renamedFrom")));
        JsonNode apple = record(table, 1);
        assertEquals("apple", apple.get("title").asText());
        assertFalse(apple.has("name"), apple.toString());
        api.get(table + "/records/?title=banana").statusCode(200).body("count", equalTo(1)).body("results[0].id", equalTo(2));
        assertChangelog(lastOperation(table), "renameColumn");
    }

    @Test
    void aFieldRenamedToAnotherFieldsNameReplacesIt() {
        String table = table();
        // note is dropped and name takes its name: the old notes are data that would be lost.
        String schema = withField(withField("note", null), "name", "{\"name\": \"note\", \"type\": \"string\", "
                + "\"datably:renamedFrom\": \"name\"}");
        api.patch(table, change(schema)).statusCode(409).body("breaking[0].code", equalTo("data_loss"))
                .body("breaking[0].field", equalTo("note")).body("breaking[0].count", equalTo(2));
        assertEquals("a", record(table, 1).get("note").asText());
        api.patch(table + "?allow_destructive=true", change(schema)).statusCode(200);
        JsonNode apple = record(table, 1);
        assertEquals("apple", apple.get("note").asText());
        assertFalse(apple.has("name"), apple.toString());
        // A rename from a field the new schema still has is refused: which one would hold the values?
        String current = withField(withField("note", null), "name", "{\"name\": \"note\", \"type\": \"string\"}");
        api.patch(table, change(withField(current, "x", "{\"name\": \"x\", \"type\": \"string\", "
                + "\"datably:renamedFrom\": \"qty\"}"))).statusCode(400)
                .body("errors[0].code", equalTo("invalid_rename")).body("errors[0].message", containsString("qty"));
    }

    @Test
    void removesAnEmptyFieldWithoutAsking() {
        String table = table();
        api.patch(table + "/records/4/", "{\"note\": null}").statusCode(200);
        api.patch(table + "/records/1/", "{\"note\": null}").statusCode(200);
        api.patch(table + "/records/3/", "{\"note\": null}").statusCode(200);
        api.patch(table, change(withField("note", null))).statusCode(200).body("schema_version", equalTo(2));
        assertFalse(record(table, 1).has("note"));
    }

    @Test
    void removingAFieldThatHoldsDataNeedsAllowDestructive() {
        String table = table();
        api.patch(table, change(withField("note", null))).statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("note"))
                .body("errors[0].field", equalTo("note")).body("errors[0].code", equalTo("data_loss"))
                .body("breaking[0].count", equalTo(2)).body("breaking[0].examples", equalTo(List.of(1, 3)))
                .body("breaking[0].repairable", equalTo(true)).body("records_checked", equalTo(4));
        api.get(table).statusCode(200).body("schema_version", equalTo(1));
        assertEquals("a", record(table, 1).get("note").asText());

        api.patch(table + "?allow_destructive=true", change(withField("note", null))).statusCode(200)
                .body("schema_version", equalTo(2));
        assertFalse(record(table, 1).has("note"));
        assertEquals(4, records(table).size());
        JsonNode op = lastOperation(table);
        assertFalse(op.get("reversible").asBoolean());
        assertTrue(op.get("irreversible").asText().contains("note"), op.toString());
        api.post(table + "/operations/" + op.get("id").asText() + "/rollback/", "").statusCode(409)
                .body("detail", containsString("cannot be undone"));
    }

    // ---- type changes ------------------------------------------------------------------------------------------

    @Test
    void convertsValuesToANewType() {
        String table = table();
        api.patch(table + "/records/3/", "{\"qty\": \"30\"}").statusCode(200);
        api.patch(table, change(withField("qty", "{\"name\": \"qty\", \"type\": \"integer\"}"))).statusCode(200);
        JsonNode records = records(table);
        assertEquals(10, records.get(0).get("qty").asInt());
        assertTrue(records.get(0).get("qty").isIntegralNumber(), records.toString());
        assertTrue(records.get(3).get("qty").isNull());
        api.get(table + "/records/?qty__gt=15&ordering=id").statusCode(200).body("results.id", equalTo(List.of(2, 3)));
        api.post(table + "/records/", "{\"id\": 9, \"qty\": \"many\"}").statusCode(400);
        // And back: integer → string is a migration too, and every integer reads as a string.
        api.patch(table, change(SCHEMA)).statusCode(200).body("schema_version", equalTo(3));
        assertEquals("10", record(table, 1).get("qty").asText());
        assertTrue(record(table, 1).get("qty").isTextual());
    }

    @Test
    void aNarrowingTypeChangeIsRefusedWithCountsThenClearedWhenAllowed() {
        String table = table();
        String schema = withField("qty", "{\"name\": \"qty\", \"type\": \"integer\"}");
        api.patch(table, change(schema)).statusCode(409)
                .body("breaking[0].field", equalTo("qty")).body("breaking[0].code", equalTo("type"))
                .body("breaking[0].count", equalTo(1)).body("breaking[0].examples", equalTo(List.of(3)))
                .body("errors[0].message", containsString("allow_destructive"));
        assertEquals("x", record(table, 3).get("qty").asText());
        api.patch(table + "?allow_destructive=true", change(schema)).statusCode(200);
        assertTrue(record(table, 3).get("qty").isNull());
        assertEquals(20, record(table, 2).get("qty").asInt());
    }

    // ---- constraints -------------------------------------------------------------------------------------------

    @Test
    void aNewRequiredFieldNeedsABackfill() {
        String table = table();
        String schema = withField("note", "{\"name\": \"note\", \"type\": \"string\", \"constraints\": {\"required\": true}}");
        api.patch(table, change(schema)).statusCode(409).body("breaking[0].code", equalTo("required"))
                .body("breaking[0].count", equalTo(2)).body("breaking[0].repairable", equalTo(false))
                .body("errors[0].message", containsString("backfill"));
        api.patch(table + "?allow_destructive=true", change(schema)).statusCode(409);
        api.patch(table, "{\"json_schema\": " + schema + ", \"backfill\": {\"note\": \"n/a\"}}").statusCode(200);
        assertEquals("n/a", record(table, 2).get("note").asText());
        assertEquals("a", record(table, 1).get("note").asText());
        api.post(table + "/records/", "{\"id\": 9, \"name\": \"x\"}").statusCode(400);
    }

    @Test
    void addsARequiredFieldWithItsBackfill() {
        String table = table();
        String schema = withField("rank", "{\"name\": \"rank\", \"type\": \"integer\", \"constraints\": {\"required\": true}}");
        api.patch(table, change(schema)).statusCode(409).body("breaking[0].code", equalTo("required"))
                .body("breaking[0].count", equalTo(4));
        api.patch(table, "{\"json_schema\": " + schema + ", \"backfill\": {\"rank\": \"7\"}}").statusCode(200);
        // Every one of the 4 records got the backfill (a change that lost the rows must not pass).
        JsonNode backfilled = records(table);
        assertEquals(4, backfilled.size(), backfilled.toString());
        backfilled.forEach(r -> assertEquals(7, r.get("rank").asInt(), r.toString()));
        api.post(table + "/records/", "{\"id\": 9, \"name\": \"x\", \"rank\": 1}").statusCode(201);
        api.post(table + "/records/", "{\"id\": 10, \"name\": \"y\"}").statusCode(400);
    }

    @Test
    void aNarrowerEnumIsCheckedAndEnforced() {
        String table = table();
        String schema = withField("status", "{\"name\": \"status\", \"type\": \"string\", "
                + "\"constraints\": {\"enum\": [\"open\", \"closed\"]}}");
        api.patch(table, change(schema)).statusCode(409).body("breaking[0].code", equalTo("enum"))
                .body("breaking[0].count", equalTo(1)).body("breaking[0].examples", equalTo(List.of(3)));
        api.patch(table + "?allow_destructive=true", change(schema)).statusCode(200);
        assertTrue(record(table, 3).get("status").isNull());
        api.post(table + "/records/", "{\"id\": 9, \"status\": \"weird\"}").statusCode(400);
        api.post(table + "/records/", "{\"id\": 9, \"status\": \"open\"}").statusCode(201);
    }

    @Test
    void aMaximumIsCheckedAgainstStoredValues() {
        String table = table();
        String schema = withField("price", "{\"name\": \"price\", \"type\": \"number\", \"constraints\": {\"maximum\": 5}}");
        api.patch(table, change(schema)).statusCode(409).body("breaking[0].code", equalTo("maximum"))
                .body("breaking[0].count", equalTo(1)).body("breaking[0].examples", equalTo(List.of(3)));
        api.patch(table + "/records/3/", "{\"price\": 5}").statusCode(200);
        api.patch(table, change(schema)).statusCode(200);
        api.post(table + "/records/", "{\"id\": 9, \"price\": 6}").statusCode(400);
    }

    @Test
    void aPatternAndLengthsAreCheckedAgainstStoredValues() {
        String table = table();
        String schema = withField("name", "{\"name\": \"name\", \"type\": \"string\", "
                + "\"constraints\": {\"pattern\": \"[a-z]+\", \"maxLength\": 5, \"minLength\": 2}}");
        // banana and cherry are 6 letters long.
        api.patch(table, change(schema)).statusCode(409).body("breaking[0].code", equalTo("maxLength"))
                .body("breaking[0].count", equalTo(2)).body("breaking[0].examples", equalTo(List.of(2, 3)));
        api.patch(table + "/records/2/", "{\"name\": \"fig\"}").statusCode(200);
        api.patch(table + "/records/3/", "{\"name\": \"Kiwi\"}").statusCode(200);
        api.patch(table, change(schema)).statusCode(409).body("breaking[0].code", equalTo("pattern"))
                .body("breaking[0].examples", equalTo(List.of(3)));
        api.patch(table + "/records/3/", "{\"name\": \"kiwi\"}").statusCode(200);
        api.patch(table, change(schema)).statusCode(200);
        api.post(table + "/records/", "{\"id\": 9, \"name\": \"toolong\"}").statusCode(400);
        api.post(table + "/records/", "{\"id\": 9, \"name\": \"X1\"}").statusCode(400);
        api.post(table + "/records/", "{\"id\": 9, \"name\": \"ok\"}").statusCode(201);
    }

    /** A new primary key: flat_table re-creates the constraint; the others store the key apart and refuse (400). */
    @Test
    void aNewPrimaryKey() {
        String table = table();
        String schema = SCHEMA.replace("\"primaryKey\": [\"id\"]", "\"primaryKey\": [\"id\", \"name\"]");
        if (!providerType().equals("flat_table")) {
            api.patch(table, change(schema)).statusCode(400).body("detail", containsString("primaryKey"))
                    .body("errors.field", equalTo(java.util.List.of("json_schema.primaryKey")));
            return;
        }
        api.patch(table, change(SCHEMA.replace("\"primaryKey\": [\"id\"]", "\"primaryKey\": [\"name\"]")))
                .statusCode(409).body("breaking[0].code", equalTo("unique")).body("breaking[0].field", equalTo("name"));
        api.patch(table, change(schema)).statusCode(200);
        api.post(table + "/records/", "{\"id\": 1, \"name\": \"kiwi\"}").statusCode(201);
        api.post(table + "/records/", "{\"id\": 1, \"name\": \"kiwi\"}").statusCode(409);
        api.get(table + "/records/1,kiwi/").statusCode(200).body("name", equalTo("kiwi"));
    }

    @Test
    void aUniqueFieldIsRefusedOverDuplicatesEvenWhenDestructive() {
        String table = table();
        String schema = withField("name", "{\"name\": \"name\", \"type\": \"string\", \"constraints\": {\"unique\": true}}");
        api.patch(table + "?allow_destructive=true", change(schema)).statusCode(409)
                .body("breaking[0].code", equalTo("unique")).body("breaking[0].count", equalTo(1))
                .body("breaking[0].examples", equalTo(List.of(4)));
        api.patch(table + "/records/4/", "{\"name\": \"avocado\"}").statusCode(200);
        api.patch(table, change(schema)).statusCode(200);
        api.post(table + "/records/", "{\"id\": 9, \"name\": \"apple\"}").statusCode(409);
        // Renamed, the field stays unique (its index is rebuilt on the new name) and keeps its values.
        api.patch(table, change(withField("name", "{\"name\": \"title\", \"type\": \"string\", "
                + "\"datably:renamedFrom\": \"name\", \"constraints\": {\"unique\": true}}"))).statusCode(200);
        api.post(table + "/records/", "{\"id\": 9, \"title\": \"apple\"}").statusCode(409);
        api.post(table + "/records/", "{\"id\": 9, \"title\": \"kiwi\"}").statusCode(201);
        api.get(table + "/records/?title=avocado").statusCode(200).body("count", equalTo(1));
    }

    @Test
    void aUniqueKeyAndBackAgain() {
        String table = table();
        ObjectNode schema = (ObjectNode) Api.json(SCHEMA);
        schema.putArray("uniqueKeys").addArray().add("name").add("status");
        api.patch(table, change(schema.toString())).statusCode(409).body("breaking[0].code", equalTo("unique"));
        api.patch(table + "/records/4/", "{\"status\": \"closed\"}").statusCode(200);
        api.patch(table, change(schema.toString())).statusCode(200);
        api.post(table + "/records/", "{\"id\": 9, \"name\": \"apple\", \"status\": \"open\"}").statusCode(409);
        api.patch(table, change(SCHEMA)).statusCode(200);
        api.post(table + "/records/", "{\"id\": 9, \"name\": \"apple\", \"status\": \"open\"}").statusCode(201);
    }

    @Test
    void aForeignKeyIsAddedCheckedAndRemoved() {
        String table = table();
        String owners = "owners" + tables;
        api.post(api.createTable(ds, owners, "{\"fields\": [{\"name\": \"id\", \"type\": \"integer\"}], "
                + "\"primaryKey\": [\"id\"]}"), "[{\"id\": 1}, {\"id\": 2}]").statusCode(201);
        ObjectNode schema = (ObjectNode) Api.json(withField("owner_id", "{\"name\": \"owner_id\", \"type\": \"integer\"}"));
        api.patch(table, change(schema.toString())).statusCode(200);
        api.patch(table + "/records/3/", "{\"owner_id\": 77}").statusCode(200);
        api.patch(table + "/records/4/", "{\"owner_id\": 1}").statusCode(200);
        schema.putArray("foreignKeys").addObject().<ObjectNode>set("fields", Api.json("[\"owner_id\"]"))
                .putObject("reference").put("resource", owners).set("fields", Api.json("[\"id\"]"));
        // Existing records must hold the new reference too: record 3 refers to an owner that does not exist.
        api.patch(table + "?allow_destructive=true", change(schema.toString())).statusCode(409)
                .body("breaking[0].code", equalTo("foreign_key")).body("breaking[0].field", equalTo("owner_id"))
                .body("breaking[0].count", equalTo(1)).body("breaking[0].examples", equalTo(List.of(3)));
        api.patch(table + "/records/3/", "{\"owner_id\": null}").statusCode(200);
        api.patch(table, change(schema.toString())).statusCode(200);
        api.patch(table + "/records/1/", "{\"owner_id\": 2}").statusCode(200);
        api.patch(table + "/records/2/", "{\"owner_id\": 99}").statusCode(409);
        api.get(table + "/records/?owner__id=2").statusCode(200).body("count", equalTo(1));
        // A later change of a table that has a foreign key (here: removing it) is a migration like any other.
        schema.remove("foreignKeys");
        api.patch(table, change(schema.toString())).statusCode(200);
        api.patch(table + "/records/2/", "{\"owner_id\": 99}").statusCode(200);
    }

    @Test
    void everyRecordIsCheckedAndCarriedAcrossPages() {
        String name = "grid" + ++tables;
        String records = api.createTable(ds, name, "{\"fields\": [{\"name\": \"a\", \"type\": \"integer\"}, "
                + "{\"name\": \"b\", \"type\": \"string\"}, {\"name\": \"v\", \"type\": \"string\"}], "
                + "\"primaryKey\": [\"a\", \"b\"]}");
        // 2,500 records with a composite key: the scan pages by (a, b) in batches of 1,000.
        for (int start = 0; start < 50; start += 20) {
            StringBuilder batch = new StringBuilder("[");
            for (int a = start; a < Math.min(start + 20, 50); a++) {
                for (int b = 0; b < 50; b++) {
                    batch.append(batch.length() > 1 ? "," : "").append("{\"a\": ").append(a).append(", \"b\": \"")
                            .append(String.format("%02d", b)).append("\", \"v\": \"").append(a * 50 + b).append("\"}");
                }
            }
            api.post(records, batch.append("]").toString()).statusCode(201);
        }
        api.post(records, "{\"a\": 99, \"b\": \"x\", \"v\": \"not a number\"}").statusCode(201);
        String table = ds + "/datatables/" + name;
        String retyped = "{\"fields\": [{\"name\": \"a\", \"type\": \"integer\"}, {\"name\": \"b\", \"type\": "
                + "\"string\"}, {\"name\": \"v\", \"type\": \"integer\"}, {\"name\": \"w\", \"type\": \"integer\", "
                + "\"constraints\": {\"required\": true}}], \"primaryKey\": [\"a\", \"b\"]}";
        api.patch(table, "{\"json_schema\": " + retyped + ", \"backfill\": {\"w\": 7}}").statusCode(409)
                .body("records_checked", equalTo(2501)).body("breaking[0].field", equalTo("v"))
                .body("breaking[0].count", equalTo(1)).body("breaking[0].examples[0]", equalTo(List.of(99, "x")));
        api.patch(table + "?allow_destructive=true", "{\"json_schema\": " + retyped + ", \"backfill\": {\"w\": 7}}")
                .statusCode(200);
        api.get(records + "?w=7&count=exact&page_size=1").statusCode(200).body("count", equalTo(2501));
        api.get(records + "?v=2499&count=exact").statusCode(200).body("count", equalTo(1))
                .body("results[0].a", equalTo(49)).body("results[0].b", equalTo("49"));
        api.get(records + "?v__isnull=true&count=exact").statusCode(200).body("count", equalTo(1));
    }

    @Test
    void aNewSelfReferenceIsCheckedAgainstTheTablesOwnRecords() {
        String table = table();
        ObjectNode schema = (ObjectNode) Api.json(withField("parent", "{\"name\": \"parent\", \"type\": \"integer\"}"));
        api.patch(table, change(schema.toString())).statusCode(200);
        api.patch(table + "/records/2/", "{\"parent\": 1}").statusCode(200);
        api.patch(table + "/records/3/", "{\"parent\": 42}").statusCode(200);
        schema.putArray("foreignKeys").addObject().<ObjectNode>set("fields", Api.json("[\"parent\"]"))
                .putObject("reference").put("resource", "").set("fields", Api.json("[\"id\"]"));
        api.patch(table, change(schema.toString())).statusCode(409)
                .body("breaking[0].code", equalTo("foreign_key")).body("breaking[0].examples", equalTo(List.of(3)));
        api.patch(table + "/records/3/", "{\"parent\": 4}").statusCode(200);
        api.patch(table, change(schema.toString())).statusCode(200);
        api.patch(table + "/records/4/", "{\"parent\": 42}").statusCode(409);
    }

    // ---- keys other tables reference ---------------------------------------------------------------------------

    /** A parent with records 1 and 2, and a child whose person_id references its key; answers both table paths. */
    private String[] parentAndChild() {
        int n = ++tables;
        String parent = "people" + n;
        String child = "notes" + n;
        api.post(api.createTable(ds, parent, "{\"fields\": [{\"name\": \"id\", \"type\": \"integer\"}, "
                + "{\"name\": \"code\", \"type\": \"string\", \"constraints\": {\"unique\": true}}], "
                + "\"primaryKey\": [\"id\"]}"), "[{\"id\": 1, \"code\": \"a\"}, {\"id\": 2, \"code\": \"b\"}]")
                .statusCode(201);
        api.post(api.createTable(ds, child, "{\"fields\": [{\"name\": \"id\", \"type\": \"integer\"}, "
                + "{\"name\": \"person_id\", \"type\": \"integer\"}, {\"name\": \"code\", \"type\": \"string\"}], "
                + "\"primaryKey\": [\"id\"], \"foreignKeys\": ["
                + "{\"fields\": [\"person_id\"], \"reference\": {\"resource\": \"" + parent + "\", \"fields\": [\"id\"]}}, "
                + "{\"fields\": [\"code\"], \"reference\": {\"resource\": \"" + parent + "\", \"fields\": [\"code\"]}}]}"),
                "[{\"id\": 10, \"person_id\": 1, \"code\": \"a\"}]").statusCode(201);
        return new String[] {ds + "/datatables/" + parent, ds + "/datatables/" + child};
    }

    /**
     * Renaming a key that another table references carries the reference across: the dry run says so (and runs the
     * same checks as the change), the referencing table's schema names the new field, as an operation of its own,
     * its foreign key still holds, and a rollback carries it back.
     */
    @Test
    void renamingAReferencedKeyCarriesTheReferencesAcross() {
        String[] tables = parentAndChild();
        String parent = tables[0];
        String child = tables[1];
        String renamed = "{\"fields\": [{\"name\": \"uid\", \"type\": \"integer\", \"datably:renamedFrom\": \"id\"}, "
                + "{\"name\": \"code\", \"type\": \"string\", \"constraints\": {\"unique\": true}}], "
                + "\"primaryKey\": [\"uid\"]}";
        String childName = child.substring(child.lastIndexOf('/') + 1);
        api.patch(parent + "?dry_run=true", change(renamed)).statusCode(200).body("would_apply", equalTo(true))
                .body("changes", hasItem(containsString(childName)));
        api.get(child).statusCode(200).body("schema_version", equalTo(1));
        api.patch(parent, change(renamed)).statusCode(200).body("json_schema.primaryKey", equalTo(List.of("uid")));
        api.get(child).statusCode(200).body("schema_version", equalTo(2))
                .body("json_schema.foreignKeys[0].reference.fields", equalTo(List.of("uid")))
                .body("json_schema.foreignKeys[1].reference.fields", equalTo(List.of("code")));
        JsonNode carried = lastOperation(child);
        assertEquals("update", carried.get("operation").asText());
        assertEquals("applied", carried.get("status").asText());
        assertTrue(carried.get("schema_after").toString().contains("\"uid\""), carried.toString());
        assertFalse(carried.get("reversible").asBoolean(), "rolled back with the change that carried it");
        api.post(child + "/records/", "{\"id\": 11, \"person_id\": 2}").statusCode(201);
        api.post(child + "/records/", "{\"id\": 12, \"person_id\": 99}").statusCode(409);
        api.get(child + "/records/?person__uid=1").statusCode(200).body("count", equalTo(1))
                .body("results[0].id", equalTo(10));
        api.post(parent + "/operations/" + lastOperation(parent).get("id").asText() + "/rollback/", "")
                .statusCode(200).body("json_schema.primaryKey", equalTo(List.of("id")));
        api.get(child).statusCode(200).body("json_schema.foreignKeys[0].reference.fields", equalTo(List.of("id")));
        api.post(child + "/records/", "{\"id\": 13, \"person_id\": 99}").statusCode(409);
        api.post(child + "/records/", "{\"id\": 13, \"person_id\": 1}").statusCode(201);
    }

    /**
     * A change that would leave another table's foreign key without a target (the referenced field removed, retyped,
     * or no longer unique) is refused, dry run included, with a 409 naming the referencing table: the same answer on
     * every provider, whether the store or the service enforces references.
     */
    @Test
    void aChangeThatWouldBreakAReferenceIsRefusedInTheDryRunToo() {
        String[] tables = parentAndChild();
        String parent = tables[0];
        String childName = tables[1].substring(tables[1].lastIndexOf('/') + 1);
        String notUnique = "{\"fields\": [{\"name\": \"id\", \"type\": \"integer\"}, "
                + "{\"name\": \"code\", \"type\": \"string\"}], \"primaryKey\": [\"id\"]}";
        String removed = "{\"fields\": [{\"name\": \"id\", \"type\": \"integer\"}], \"primaryKey\": [\"id\"]}";
        String retyped = "{\"fields\": [{\"name\": \"id\", \"type\": \"integer\"}, "
                + "{\"name\": \"code\", \"type\": \"integer\", \"constraints\": {\"unique\": true}}], "
                + "\"primaryKey\": [\"id\"]}";
        for (String schema : List.of(notUnique, removed, retyped)) {
            for (String query : List.of("?dry_run=true", "", "?allow_destructive=true")) {
                api.patch(parent + query, change(schema)).statusCode(409).body("code", equalTo("DS112"))
                        .body("detail", containsString(childName))
                        .body("detail", not(containsString("depend")))
                        .body("errors[0].field", org.hamcrest.Matchers.startsWith("json_schema."))
                        .body("errors[0].message", containsString(childName));
            }
        }
        api.get(parent).statusCode(200).body("schema_version", equalTo(1));
        assertEquals(2, operations(parent).size(), "create and materialize only: nothing was tried");
    }

    /**
     * Keys are numbered in schema order on flat_table: a unique field added before a referenced one moves the
     * referenced key's constraint to another name, which must not drop what another table's foreign key depends on.
     */
    @Test
    void aNewUniqueFieldBeforeAReferencedOneLeavesTheReferenceAlone() {
        String[] tables = parentAndChild();
        String parent = tables[0];
        String child = tables[1];
        String schema = "{\"fields\": [{\"name\": \"id\", \"type\": \"integer\"}, "
                + "{\"name\": \"alias\", \"type\": \"string\", \"constraints\": {\"unique\": true}}, "
                + "{\"name\": \"code\", \"type\": \"string\", \"constraints\": {\"unique\": true}}], "
                + "\"primaryKey\": [\"id\"]}";
        // Values first (the in-process MongoDB server ignores the partial filter that exempts missing values).
        api.patch(parent, change(schema.replace(", \"constraints\": {\"unique\": true}}, {\"name\": \"code\"",
                "}, {\"name\": \"code\""))).statusCode(200);
        api.patch(parent + "/records/1/", "{\"alias\": \"one\"}").statusCode(200);
        api.patch(parent + "/records/2/", "{\"alias\": \"two\"}").statusCode(200);
        api.patch(parent + "?dry_run=true", change(schema)).statusCode(200).body("would_apply", equalTo(true));
        api.patch(parent, change(schema)).statusCode(200);
        api.post(parent + "/records/", "{\"id\": 3, \"alias\": \"x\", \"code\": \"c\"}").statusCode(201);
        api.post(parent + "/records/", "{\"id\": 4, \"alias\": \"x\", \"code\": \"d\"}").statusCode(409);
        api.post(parent + "/records/", "{\"id\": 4, \"alias\": \"y\", \"code\": \"c\"}").statusCode(409);
        api.post(child + "/records/", "{\"id\": 11, \"code\": \"c\"}").statusCode(201);
        api.post(child + "/records/", "{\"id\": 12, \"code\": \"zz\"}").statusCode(409);
        // And back: the field removed, the referenced key moves back to its first name.
        String original = "{\"fields\": [{\"name\": \"id\", \"type\": \"integer\"}, "
                + "{\"name\": \"code\", \"type\": \"string\", \"constraints\": {\"unique\": true}}], "
                + "\"primaryKey\": [\"id\"]}";
        api.patch(parent + "?allow_destructive=true", change(original)).statusCode(200);
        api.post(child + "/records/", "{\"id\": 12, \"code\": \"zz\"}").statusCode(409);
        api.post(parent + "/records/", "{\"id\": 4, \"code\": \"c\"}").statusCode(409);
    }

    // ---- search settings ---------------------------------------------------------------------------------------

    /** datably:search names fields: a rename carries them, and search finds by the renamed field on every provider. */
    @Test
    void renamingASearchedFieldKeepsItSearched() {
        String name = "books" + ++tables;
        String schema = "{\"fields\": [{\"name\": \"id\", \"type\": \"integer\"}, "
                + "{\"name\": \"title\", \"type\": \"string\"}, {\"name\": \"blurb\", \"type\": \"string\"}], "
                + "\"primaryKey\": [\"id\"], \"datably:search\": {\"fields\": [\"title\"], \"language\": \"english\"}}";
        String records = api.createTable(ds, name, schema);
        api.post(records, "[{\"id\": 1, \"title\": \"Moby Dick\", \"blurb\": \"whale\"}, "
                + "{\"id\": 2, \"title\": \"Dune\", \"blurb\": \"moby\"}]").statusCode(201);
        api.get(records + "?search=moby").statusCode(200).body("count", equalTo(1)).body("results[0].id", equalTo(1));
        String table = ds + "/datatables/" + name;
        String renamed = schema.replace("{\"name\": \"title\", \"type\": \"string\"}",
                "{\"name\": \"headline\", \"type\": \"string\", \"datably:renamedFrom\": \"title\"}");
        api.patch(table, change(renamed)).statusCode(200)
                .body("json_schema.'datably:search'.fields", equalTo(List.of("headline")))
                .body("json_schema.'datably:search'.language", equalTo("english"));
        api.get(records + "?search=moby").statusCode(200).body("count", equalTo(1)).body("results[0].id", equalTo(1));
        api.get(records + "?search=dune").statusCode(200).body("count", equalTo(1)).body("results[0].id", equalTo(2));
        // A field that is not there is refused, at create and at a change alike, naming it.
        String nope = schema.replace("[\"title\"]", "[\"nope\"]");
        api.post(ds + "/datatables/", "{\"name\": \"nope" + tables + "\", \"json_schema\": " + nope + "}")
                .statusCode(400).body("code", equalTo("DS200"))
                .body("errors[0].field", equalTo("json_schema.datably:search.fields[0]"));
        api.patch(table, change(nope)).statusCode(400).body("code", equalTo("DS200"))
                .body("errors[0].field", equalTo("json_schema.datably:search.fields[0]"));
    }

    // ---- dry run, history, rollback --------------------------------------------------------------------------

    @Test
    void aDryRunShowsTheChangelogAndChangesNothing() {
        String table = table();
        String schema = withField("qty", "{\"name\": \"qty\", \"type\": \"integer\"}");
        JsonNode preview = Api.json(api.patch(table + "?dry_run=true", change(schema)).statusCode(200)
                .body("dry_run", equalTo(true)).body("would_apply", equalTo(false))
                .body("records_checked", equalTo(4)).body("breaking[0].count", equalTo(1))
                .body("changes[0]", containsString("qty")).extract().asString());
        assertDryRun(preview);
        // A change no record can fail (a new optional field) skips the check of every record.
        api.patch(table + "?dry_run=true", change(withField("color", "{\"name\": \"color\", \"type\": \"string\"}")))
                .statusCode(200).body("records_checked", equalTo(0)).body("would_apply", equalTo(true));
        api.get(table).statusCode(200).body("schema_version", equalTo(1));
        assertEquals("x", record(table, 3).get("qty").asText());
        assertEquals(2, operations(table).size(), "create and materialize only");
    }

    @Test
    void rollingBackAnAddedFieldRestoresTheOldSchemaAndData() {
        String table = table();
        String originalHash = api.get(table).extract().path("schema_hash");
        api.patch(table, change(withField("color", "{\"name\": \"color\", \"type\": \"string\"}"))).statusCode(200);
        String id = lastOperation(table).get("id").asText();
        api.post(table + "/operations/" + id + "/rollback/", "").statusCode(200)
                .body("schema_hash", equalTo(originalHash)).body("schema_version", equalTo(3))
                .body("json_schema.fields.name", not(hasItem("color")));
        JsonNode records = records(table);
        assertTrue(Api.json(RECORDS).equals(SchemaEvolutionContractTests::sameValue, records), records.toString());
        JsonNode rollback = lastOperation(table);
        assertEquals("rollback", rollback.get("operation").asText());
        // The rolled-back operation is no longer the table's latest state: rolling it back again is refused.
        api.post(table + "/operations/" + id + "/rollback/", "").statusCode(409)
                .body("detail", containsString("changed after"));
    }

    @Test
    void rollingBackARenameRenamesBack() {
        String table = table();
        String schema = withField("name", "{\"name\": \"title\", \"type\": \"string\", \"datably:renamedFrom\": \"name\"}");
        api.patch(table, change(schema)).statusCode(200);
        String id = lastOperation(table).get("id").asText();
        api.post(table + "/operations/" + id + "/rollback/", "").statusCode(200)
                .body("json_schema.fields.name", hasItem("name"));
        assertEquals("apple", record(table, 1).get("name").asText());
    }

    @Test
    void rollingBackAnAddedFieldThatGotDataNeedsAllowDestructive() {
        String table = table();
        api.patch(table, change(withField("color", "{\"name\": \"color\", \"type\": \"string\"}"))).statusCode(200);
        String id = lastOperation(table).get("id").asText();
        api.patch(table + "/records/1/", "{\"color\": \"red\"}").statusCode(200);
        api.post(table + "/operations/" + id + "/rollback/?dry_run=true", "").statusCode(200)
                .body("would_apply", equalTo(false)).body("breaking[0].code", equalTo("data_loss"));
        api.post(table + "/operations/" + id + "/rollback/", "").statusCode(409)
                .body("breaking[0].field", equalTo("color"));
        api.post(table + "/operations/" + id + "/rollback/?allow_destructive=true", "").statusCode(200);
        assertFalse(record(table, 1).has("color"));
    }

    /**
     * Two changes overlap for certain: the test holds the table's catalog row, so the first change stops inside the
     * datatable's structure lock (AdvisoryLocks) when it saves its schema, and is seen waiting in pg_locks; only then
     * is the second sent. Under the lock the second waits for the first to end, never reaching the row: one waiter.
     * Without the lock the second runs beside the first, on the schema the first is replacing: tried with the lock
     * removed, it reached the row too on mongodb (two waiters) and made the first change fail (500) on flat_table
     * and jsonb.
     */
    @Test
    void twoChangesAtOnceRunOneAfterTheOther() throws Exception {
        String table = table();
        String a = change(withField("a", "{\"name\": \"a\", \"type\": \"string\"}"));
        String b = change(withField("b", "{\"name\": \"b\", \"type\": \"string\"}"));
        long id = Api.json(api.get(table).statusCode(200).extract().asString()).get("id").asLong();
        CompletableFuture<Integer> first;
        CompletableFuture<Integer> second;
        try (HeldLock row = HeldLock.catalogRow(id)) {
            first = CompletableFuture.supplyAsync(() -> api.request().body(a).patch(table).statusCode());
            row.awaitWaiters(1, Duration.ofSeconds(10));
            second = CompletableFuture.supplyAsync(() -> api.request().body(b).patch(table).statusCode());
            // Ample time for the second change to reach the row, were it not kept out (well under the lock wait).
            row.assertAtMostWaiters(1, Duration.ofSeconds(2), "the second change ran beside the first");
            assertFalse(second.isDone(), "the second change did not wait for the first");
        }
        assertEquals(200, (int) first.join());
        assertEquals(200, (int) second.join());
        // The second change ran on what the first left, as its own complete schema (b, no longer a).
        api.get(table).statusCode(200).body("schema_version", equalTo(3))
                .body("json_schema.fields.name", hasItem("b")).body("json_schema.fields.name", not(hasItem("a")));
        JsonNode ops = operations(table);
        List<Integer> versions = new ArrayList<>();
        ops.forEach(op -> versions.add(op.get("operation").asText().equals("update") ? 1 : 0));
        assertEquals(2, versions.stream().mapToInt(Integer::intValue).sum());
        assertEquals(4, records(table).size());
    }

    // ---- nonsense ------------------------------------------------------------------------------------------------

    @Test
    void badChangesAreRefusedNamingTheCulprit() {
        String table = table();
        api.patch(table, change(withField("name", "{\"name\": \"title\", \"type\": \"string\", "
                + "\"datably:renamedFrom\": \"nope\"}"))).statusCode(400)
                .body("errors[0].field", equalTo("json_schema")).body("errors[0].message", containsString("nope"));
        api.patch(table, "{\"json_schema\": " + SCHEMA.replace("\"note\", \"type\": \"string\"",
                "\"note\", \"type\": \"string\", \"constraints\": {\"required\": true}") + ", \"backfill\": {\"ghost\": 1}}")
                .statusCode(400).body("errors[0].field", equalTo("backfill.ghost"));
        api.patch(table, "{\"json_schema\": " + withField("rank", "{\"name\": \"rank\", \"type\": \"integer\"}")
                + ", \"backfill\": {\"rank\": \"high\"}}").statusCode(400).body("errors[0].field", equalTo("backfill.rank"));
        api.patch(table, "{\"json_schema\": " + SCHEMA + ", \"backfill\": [1]}").statusCode(400);
        api.patch(table + "?dry_run=maybe", change(withField("note", null))).statusCode(400)
                .body("errors[0].field", equalTo("dry_run"));
        api.patch(table + "?allow_destructive=%27;DROP", change(withField("note", null))).statusCode(400)
                .body("errors[0].field", equalTo("allow_destructive"));
        api.post(table + "/operations/999999/rollback/", "").statusCode(404);
        api.post(table + "/operations/1;DROP/rollback/", "").statusCode(404);
        String create = operations(table).get(0).get("id").asText();
        api.post(table + "/operations/" + create + "/rollback/", "").statusCode(409)
                .body("detail", containsString("create"));
        assertSqlInFieldNameIsJustAName(table);
    }

    /**
     * A field name made of SQL that, spliced into a statement, would drop this very table (its physical name in the
     * tenant's schema, as the provider's statements name it; it named another table, items1, before): the table keeps its records, and the field takes, keeps and filters values.
     */
    private void assertSqlInFieldNameIsJustAName(String table) {
        String physical = api.get(table).statusCode(200).extract().path("physical_table_name");
        if (!providerType().equals("mongodb")) { // a collection is named bare (and MongoDB refuses '.' in names)
            physical = "t_" + api.tenantId() + "." + physical;
        }
        String evil = "x\"; DROP TABLE " + physical + "; --";
        String value = "'); DROP TABLE " + physical + "; --";
        api.patch(table, change(withField(evil, Api.toJson(Map.of("name", evil, "type", "string"))))).statusCode(200);
        api.get(table).statusCode(200).body("schema_version", equalTo(2))
                .body("json_schema.fields.name", hasItem(evil));
        assertEquals(4, records(table).size());
        api.patch(table + "/records/2/", Api.toJson(Map.of(evil, value))).statusCode(200);
        assertEquals(value, record(table, 2).get(evil).asText());
        assertTrue(record(table, 1).path(evil).isNull() || record(table, 1).path(evil).isMissingNode());
        List<Integer> matched = new ArrayList<>();
        Api.json(api.request().queryParam(evil, value).get(table + "/records/").then().statusCode(200).extract()
                .asString()).get("results").forEach(r -> matched.add(r.get("id").asInt()));
        assertEquals(List.of(2), matched);
    }

    // ---- provider specifics --------------------------------------------------------------------------------------

    /**
     * For a change that only moves fields (add, rename): flat_table keeps a Liquibase changelog naming the change and
     * its ALTER TABLE; jsonb one UPDATE of every document in its changelog; mongodb an updateMany step.
     */
    private void assertChangelog(JsonNode operation, String liquibaseChange) {
        String changelog = operation.get("changelog").asText();
        String sql = operation.get("sql").asText();
        switch (providerType()) {
            case "flat_table" -> {
                assertTrue(changelog.contains("- " + liquibaseChange + ":"), operation.toString());
                assertTrue(sql.contains("ALTER TABLE"), operation.toString());
            }
            case "jsonb" -> {
                assertTrue(changelog.contains("changeSet:"), operation.toString());
                assertTrue(sql.contains("SET data = (data"), operation.toString());
            }
            default -> assertTrue(sql.contains("updateMany"), operation.toString());
        }
    }

    /** flat_table's dry run shows the changelog (its changeset id: table + version) and the ALTER TABLE. */
    private void assertDryRun(JsonNode preview) {
        if (!providerType().equals("flat_table")) {
            assertTrue(preview.get("changelog").isNull() || preview.get("changelog").asText().contains("changeSet"),
                    preview.toString());
            return;
        }
        assertTrue(preview.get("changelog").asText().contains("changeSet:"), preview.toString());
        assertTrue(preview.get("changelog").asText().contains("-v2"), preview.toString());
        assertTrue(preview.get("sql").asText().contains("ALTER TABLE"), preview.toString());
        assertTrue(preview.get("sql").asText().contains("TYPE bigint"), preview.toString());
    }

    private static void assertNotBlank(JsonNode value) {
        assertTrue(value != null && !value.isNull() && !value.asText().isBlank());
    }

    /** JSON equality with numbers compared by value (4 and 4.0 are the same price). */
    private static int sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    }
}
