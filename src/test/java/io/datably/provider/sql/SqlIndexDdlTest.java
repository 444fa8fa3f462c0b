package io.datably.provider.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import io.datably.error.DatablyException;
import io.datably.provider.pgflat.FlatIndexKeys;
import io.datably.provider.spi.IndexDefinition;
import io.datably.provider.spi.IndexType;
import io.datably.provider.spi.PhysicalTable;
import io.datably.provider.spi.TableDescriptor;
import io.datably.query.model.Op;
import io.datably.query.plan.BoundCondition;
import io.datably.schema.model.Field;
import io.datably.schema.model.TableSchema;
import io.datably.schema.validate.SchemaDescriptorParser;
import io.datably.testsupport.Api;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden tests: index definition → CREATE INDEX text, and the physical names. */
class SqlIndexDdlTest {
    private static final TableSchema SCHEMA = SchemaDescriptorParser.parse(Api.json("""
            {"fields":[{"name":"id","type":"integer"},{"name":"Na\\"me","type":"string"},
              {"name":"price","type":"number"},{"name":"at","type":"datetime"},{"name":"tags","type":"array"}],
             "primaryKey":["id"]}""")).schema();
    private static final TableDescriptor TABLE = new TableDescriptor("items", new PhysicalTable("t_x", "app_items"),
            SCHEMA, Map.of());
    private static final SqlIndexDdl FLAT = new SqlIndexDdl((row, f) -> Sql.quote(f.name()), new FlatIndexKeys(),
            "flat_table");

    private static Field field(String name) {
        return SCHEMA.field(name).orElseThrow();
    }

    @Test
    void writesKeysOperatorClassesAndPredicates() {
        BoundCondition where = new BoundCondition.Compare(field("Na\"me"), Op.NE, List.of(TextNode.valueOf("o'k")));
        assertEquals("CREATE UNIQUE INDEX CONCURRENTLY \"app_items_ix_pair\" ON \"t_x\".\"app_items\" USING btree "
                        + "((\"Na\"\"me\"), (\"price\")) WHERE (\"Na\"\"me\" IS DISTINCT FROM 'o''k'::text)",
                FLAT.create(TABLE, new IndexDefinition("pair", List.of(field("Na\"me"), field("price")),
                        IndexType.BTREE, true, where), "app_items_ix_pair", ""));
        assertEquals("CREATE INDEX CONCURRENTLY \"i\" ON \"t_x\".\"app_items\" USING gin ((\"Na\"\"me\") "
                        + "\"public\".gin_trgm_ops, (\"tags\") jsonb_path_ops)",
                FLAT.create(TABLE, new IndexDefinition("i", List.of(field("Na\"me"), field("tags")), IndexType.GIN,
                        false, null), "i", "\"public\".gin_trgm_ops"));
    }

    @Test
    void refusesWhatPostgresCannotBuildNamingTheCulprit() {
        assertCulprit("fields[0]", new IndexDefinition("i", List.of(field("price")), IndexType.GIN, false, null));
        assertCulprit("fields[0]", new IndexDefinition("i", List.of(field("tags")), IndexType.BRIN, false, null));
        assertCulprit("unique", new IndexDefinition("i", List.of(field("price")), IndexType.HASH, true, null));
        assertCulprit("fields", new IndexDefinition("i", List.of(field("price"), field("id")), IndexType.HASH, false,
                null));
        assertCulprit("fields", new IndexDefinition("i", List.of(), IndexType.GIN, false, null));
        assertCulprit("type", new IndexDefinition("i", List.of(field("Na\"me")), IndexType.TEXT, false, null));
        assertCulprit("where", new IndexDefinition("i", List.of(field("price")), IndexType.BTREE, false,
                new BoundCondition.Compare(field("tags"), Op.HAS, List.of(TextNode.valueOf("a")))));
    }

    private static void assertCulprit(String field, IndexDefinition index) {
        DatablyException e = assertThrows(DatablyException.class, () -> FLAT.check(index));
        assertEquals(field, e.errors().get(0).field(), e.getMessage());
    }

    @Test
    void physicalNamesFitPostgresAndStayDistinct() {
        assertEquals("app_items_ix_by_price", SqlIndexDdl.physicalName("app_items", "by_price"));
        String table = "t".repeat(55);
        String a = SqlIndexDdl.physicalName(table, "n".repeat(62) + "a");
        String b = SqlIndexDdl.physicalName(table, "n".repeat(62) + "b");
        assertEquals(63, a.getBytes(StandardCharsets.UTF_8).length);
        assertTrue(a.matches(".*_[0-9a-f]{8}"), a);
        assertNotEquals(a, b);
        // Adopted tables may have non-ASCII names: cut at a character boundary, within 63 bytes.
        String unicode = SqlIndexDdl.physicalName("kunsthåndværk_".repeat(4), "idx");
        assertTrue(unicode.getBytes(StandardCharsets.UTF_8).length <= 63, unicode);
    }
}
