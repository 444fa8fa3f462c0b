package io.datably.provider.pgflat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.datably.provider.spi.Migration;
import io.datably.provider.spi.MigrationPlan;
import io.datably.provider.spi.PhysicalTable;
import io.datably.provider.spi.TableDescriptor;
import io.datably.provider.sql.Sql;
import io.datably.schema.evolution.SchemaDiff;
import io.datably.schema.model.TableSchema;
import io.datably.schema.validate.SchemaDescriptorParser;
import io.datably.testsupport.Api;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden tests: a schema change → the SQL of its flat_table changelog, statement by statement, in order. */
class FlatTableMigrationTest {
    private static final PhysicalTable TABLE = new PhysicalTable("t_x", "app_items");
    private static final String BASE = """
            {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"},
                        {"name": "qty", "type": "string"}, {"name": "note", "type": "string"}],
             "primaryKey": ["id"]}""";

    private static TableSchema schema(String json) {
        var result = SchemaDescriptorParser.parse(Api.json(json));
        assertTrue(result.valid(), result.problems().toString());
        return result.schema();
    }

    private static MigrationPlan plan(String after, Map<String, JsonNode> backfill) {
        TableSchema before = schema(BASE);
        TableSchema next = schema(after);
        Migration migration = new Migration(new TableDescriptor("items", TABLE, before, Map.of()),
                new TableDescriptor("items", TABLE, next, Map.of()), SchemaDiff.between(before, next), backfill, 7, null);
        return FlatTableMigration.plan(migration, (row, field) -> Sql.quote(field.name()));
    }

    private static List<String> statements(MigrationPlan plan) {
        return plan.sql().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void renameRetypeAddAndRemoveInOneChangeset() {
        MigrationPlan plan = plan("""
                {"fields": [{"name": "id", "type": "integer"},
                            {"name": "title", "type": "string", "datably:renamedFrom": "name"},
                            {"name": "qty", "type": "integer"},
                            {"name": "rank", "type": "integer", "constraints": {"required": true}}],
                 "primaryKey": ["id"]}""", Map.of("rank", IntNode.valueOf(0)));
        // The full-text index covers the string fields: it changes with them (dropped first, re-created last).
        assertEquals(List.of(
                "DROP INDEX IF EXISTS \"t_x\".\"app_items_fts\";",
                "ALTER TABLE \"t_x\".\"app_items\" DROP COLUMN \"note\";",
                "ALTER TABLE \"t_x\".\"app_items\" RENAME COLUMN \"name\" TO \"title\";",
                "ALTER TABLE \"t_x\".\"app_items\" ADD COLUMN \"rank\" bigint DEFAULT '0'::bigint NOT NULL;",
                "ALTER TABLE \"t_x\".\"app_items\" ALTER COLUMN \"rank\" DROP DEFAULT;",
                "ALTER TABLE \"t_x\".\"app_items\" ALTER COLUMN \"qty\" TYPE bigint USING ((to_jsonb(\"qty\") #>> '{}')"
                        + "::numeric)::bigint;",
                "CREATE INDEX \"app_items_fts\" ON \"t_x\".\"app_items\" USING gin (to_tsvector('simple'::regconfig, "
                        + "coalesce(\"title\", '')));"), statements(plan));
        assertEquals(1, plan.changeSets().size());
        assertEquals("app_items-v7", plan.changeSets().get(0).id());
        assertTrue(plan.changelog().contains("- renameColumn:"), plan.changelog());
        assertTrue(plan.changelog().contains("- dropColumn:"), plan.changelog());
    }

    @Test
    void constraintsThatChangeAreDroppedFirstAndAddedLast() {
        MigrationPlan plan = plan("""
                {"fields": [{"name": "id", "type": "integer"},
                            {"name": "name", "type": "string", "constraints": {"unique": true, "maxLength": 5}},
                            {"name": "qty", "type": "string", "constraints": {"enum": ["a", "b"]}},
                            {"name": "note", "type": "string", "constraints": {"required": true}}],
                 "primaryKey": ["id"]}""", Map.of("note", TextNode.valueOf("it's")));
        assertEquals(List.of(
                "UPDATE \"t_x\".\"app_items\" SET \"note\" = 'it''s'::text WHERE \"note\" IS NULL;",
                "ALTER TABLE \"t_x\".\"app_items\" ALTER COLUMN \"note\" SET NOT NULL;",
                "ALTER TABLE \"t_x\".\"app_items\" ADD CONSTRAINT \"app_items_uq0\" UNIQUE (\"name\");",
                "ALTER TABLE \"t_x\".\"app_items\" ADD CONSTRAINT \"app_items_ck0\" CHECK (char_length(\"name\") <= 5);",
                "ALTER TABLE \"t_x\".\"app_items\" ADD CONSTRAINT \"app_items_ck1\" CHECK (\"qty\" IN ('a'::text, "
                        + "'b'::text));"), statements(plan));
    }

    @Test
    void noPhysicalChangeMeansNoChangeset() {
        MigrationPlan plan = plan(BASE.replace("\"name\", \"type\": \"string\"",
                "\"name\", \"type\": \"string\", \"title\": \"Name\""), Map.of());
        assertTrue(plan.changeSets().isEmpty());
    }
}
