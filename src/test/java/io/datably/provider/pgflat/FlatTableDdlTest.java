package io.datably.provider.pgflat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datably.provider.spi.PhysicalTable;
import io.datably.provider.spi.TableDescriptor;
import io.datably.schema.model.TableSchema;
import io.datably.schema.validate.SchemaDescriptorParser;
import io.datably.testsupport.Api;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden tests: schema → CREATE TABLE text. Identifiers are always quoted; values only as typed literals. */
class FlatTableDdlTest {

    private static String ddl(String schemaJson, Map<String, PhysicalTable> references) {
        TableSchema schema = SchemaDescriptorParser.parse(Api.json(schemaJson)).schema();
        return FlatTableDdl.createTable(new TableDescriptor("t", new PhysicalTable("t_acme", "app_t"), schema,
                references));
    }

    @Test
    void quotesEveryIdentifierAndMapsTypes() {
        assertEquals("""
                CREATE TABLE "t_acme"."app_t" (
                  "id" bigint NOT NULL,
                  "na""me; drop table x; --" text,
                  "price" numeric,
                  "at" timestamptz,
                  "tags" jsonb,
                  CONSTRAINT "app_t_pk" PRIMARY KEY ("id")
                )""", ddl("""
                {"fields":[{"name":"id","type":"integer"},{"name":"na\\"me; drop table x; --","type":"string"},
                 {"name":"price","type":"number"},{"name":"at","type":"datetime"},{"name":"tags","type":"array"}],
                 "primaryKey":"id"}""", Map.of()));
    }

    @Test
    void mirrorsConstraintsAsChecksAndKeys() {
        assertEquals("""
                CREATE TABLE "t_acme"."app_t" (
                  "code" text NOT NULL,
                  "qty" bigint,
                  "day" date,
                  "owner" bigint,
                  CONSTRAINT "app_t_uq0" UNIQUE ("code"),
                  CONSTRAINT "app_t_uq1" UNIQUE ("qty", "day"),
                  CONSTRAINT "app_t_ck0" CHECK (char_length("code") >= 2),
                  CONSTRAINT "app_t_ck1" CHECK ("code" IN ('a''b'::text, 'cd'::text)),
                  CONSTRAINT "app_t_ck2" CHECK ("qty" >= 0),
                  CONSTRAINT "app_t_ck3" CHECK ("qty" < 100),
                  CONSTRAINT "app_t_ck4" CHECK ("day" >= '2024-01-01'::date),
                  CONSTRAINT "app_t_fk0" FOREIGN KEY ("owner") REFERENCES "t_acme"."app_users" ("id")
                )""", ddl("""
                {"fields":[
                  {"name":"code","type":"string","constraints":{"required":true,"unique":true,"minLength":2,
                   "enum":["a'b","cd"]}},
                  {"name":"qty","type":"integer","constraints":{"minimum":0,"exclusiveMaximum":100}},
                  {"name":"day","type":"date","constraints":{"minimum":"2024-01-01"}},
                  {"name":"owner","type":"integer"}],
                 "uniqueKeys":[["qty","day"]],
                 "foreignKeys":[{"fields":["owner"],"reference":{"resource":"users","fields":["id"]}}]}""",
                Map.of("users", new PhysicalTable("t_acme", "app_users"))));
    }

    @Test
    void referencesItselfForSelfForeignKeys() {
        String sql = ddl("""
                {"fields":[{"name":"id","type":"integer"},{"name":"parent","type":"integer"}],"primaryKey":["id"],
                 "foreignKeys":[{"fields":["parent"],"reference":{"fields":["id"]}}]}""", Map.of());
        assertEquals(true, sql.contains("FOREIGN KEY (\"parent\") REFERENCES \"t_acme\".\"app_t\" (\"id\")"), sql);
    }
}
