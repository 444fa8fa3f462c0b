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

    private String column(String namespace, String table, String column) {
        var row = pool.preparedQuery("SELECT data_type, column_default, is_nullable FROM information_schema.columns "
                        + "WHERE table_schema = $1 AND table_name = $2 AND column_name = $3")
                .execute(Tuple.of(namespace, table, column)).await().indefinitely().iterator().next();
        return row.getString(0) + "|" + row.getString(1) + "|" + row.getString(2);
    }

}
