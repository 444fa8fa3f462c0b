package io.datably.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Schema evolution on flat_table, plus what PostgreSQL's catalog shows after a change. */
@QuarkusTest
class FlatTableSchemaEvolutionTest extends SchemaEvolutionContractTests {
    @Inject
    Pool pool;

    @Override
    protected String providerType() {
        return "flat_table";
    }

    @Test
    void theColumnChangesTypeAndKeepsNoBackfillDefault() {
        String table = table();
        api.patch(table + "/records/3/", "{\"qty\": \"3\"}").statusCode(200);
        String integerQty = withField("qty", "{\"name\": \"qty\", \"type\": \"integer\"}");
        api.patch(table, "{\"json_schema\": " + integerQty + "}").statusCode(200);
        api.patch(table, "{\"json_schema\": " + withField(integerQty, "rank", "{\"name\": \"rank\", \"type\": "
                + "\"integer\", \"constraints\": {\"required\": true}}") + ", \"backfill\": {\"rank\": 1}}").statusCode(200);
        String physical = api.get(table).extract().path("physical_table_name");
        String namespace = "t_" + api.tenantId();
        assertEquals("bigint|null|YES", column(namespace, physical, "qty"));
        assertEquals("bigint|null|NO", column(namespace, physical, "rank"));
    }

    /**
     * {@code datably:sqlType} picks the column type of a field from the list that fits it, when the table is made and
     * when the field changes; another type, or SQL, leaves the field type's own column type.
     */
    @Test
    void theColumnTypeNamedByTheFieldIsTheColumns() {
        String records = api.createTable(ds, "typed", """
                {"fields": [{"name": "id", "type": "integer", "datably:sqlType": "integer"},
                            {"name": "code", "type": "string", "datably:sqlType": "character varying(8)",
                             "constraints": {"maxLength": 8}},
                            {"name": "odd", "type": "integer", "datably:sqlType": "integer; DROP TABLE typed"}],
                 "primaryKey": ["id"]}""");
        String table = records.replace("/records/", "/");
        String physical = api.get(table).extract().path("physical_table_name");
        String namespace = "t_" + api.tenantId();
        assertEquals("integer|null|NO", column(namespace, physical, "id"));
        assertEquals("character varying|null|YES", column(namespace, physical, "code"));
        assertEquals("bigint|null|YES", column(namespace, physical, "odd"));
        api.post(records, "{\"id\": 1, \"code\": \"abcdefgh\"}").statusCode(201);
        api.post(records, "{\"id\": 2, \"code\": \"abcdefghi\"}").statusCode(400);
        // left out, the column types stay (and the stored schema says so); named, they change; a new type's own
        api.patch(table, """
                {"json_schema": {"fields": [{"name": "id", "type": "integer"},
                                            {"name": "code", "type": "string", "datably:sqlType": "text"},
                                            {"name": "odd", "type": "number"}],
                                 "primaryKey": ["id"]}}""").statusCode(200)
                .body("json_schema.fields[0].'datably:sqlType'", org.hamcrest.Matchers.equalTo("integer"));
        assertEquals("integer|null|NO", column(namespace, physical, "id"));
        assertEquals("text|null|YES", column(namespace, physical, "code"));
        assertEquals("numeric|null|YES", column(namespace, physical, "odd"));
        api.post(records, "{\"id\": 2, \"code\": \"abcdefghi\"}").statusCode(201);
    }

    private String column(String namespace, String table, String column) {
        var row = pool.preparedQuery("SELECT data_type, column_default, is_nullable FROM information_schema.columns "
                        + "WHERE table_schema = $1 AND table_name = $2 AND column_name = $3")
                .execute(Tuple.of(namespace, table, column)).await().indefinitely().iterator().next();
        return row.getString(0) + "|" + row.getString(1) + "|" + row.getString(2);
    }

}
