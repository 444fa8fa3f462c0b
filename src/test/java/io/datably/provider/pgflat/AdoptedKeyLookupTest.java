package io.datably.provider.pgflat;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.provider.spi.PhysicalTable;
import io.datably.provider.spi.TableDescriptor;
import io.datably.schema.model.TableSchema;
import io.datably.schema.validate.SchemaDescriptorParser;
import io.datably.testsupport.Api;
import io.datably.testsupport.TenantSchema;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Adopted tables keyed by a uuid, an inet or an enum: records are read, changed and deleted by key through the
 * column's own type, so the primary key index serves each lookup (EXPLAIN of the very statements the provider
 * runs), and a key the type refuses is a 400 naming {@code pk}, never a 500 nor a silent 404.
 */
@QuarkusTest
class AdoptedKeyLookupTest {
    /** Table → a key it holds. */
    private static final Map<String, String> KEYS = Map.of(
            "by_uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
            "by_inet", "10.0.0.1",
            "by_enum", "ok");

    @Inject
    Pool pool;

    private Api api;
    private String ds;

    @BeforeEach
    void adoptedTables() {
        api = Api.newTenant();
        ds = api.createDataSource("flat_table");
        // A domain declared NOT NULL: PostgreSQL checks it on every null of a row value built from a null record.
        TenantSchema.run(pool, api, "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');"
                + "CREATE DOMAIN strict_int AS int NOT NULL;"
                + "CREATE TABLE by_uuid (k uuid PRIMARY KEY, n int, v strict_int DEFAULT 1);"
                + "CREATE TABLE by_inet (k inet PRIMARY KEY, n int, v strict_int DEFAULT 1);"
                + "CREATE TABLE by_enum (k mood PRIMARY KEY, n int, v strict_int DEFAULT 1);"
                + "INSERT INTO by_uuid SELECT gen_random_uuid(), g FROM generate_series(1, 50) g;"
                + "INSERT INTO by_uuid VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 0);"
                + "INSERT INTO by_inet SELECT ('10.1.0.' || g)::inet, g FROM generate_series(1, 50) g;"
                + "INSERT INTO by_inet VALUES ('10.0.0.1', 0);"
                + "INSERT INTO by_enum VALUES ('ok', 0), ('sad', 1)");
        api.post(ds + "/adopt/", "{}").statusCode(200);
    }

    @Test
    void keyLookupsUseThePrimaryKeyIndex() {
        KEYS.forEach((table, key) -> {
            TableDescriptor descriptor = descriptor(table);
            ObjectNode keyDoc = JsonNodeFactory.instance.objectNode().put("k", key);
            ObjectNode values = JsonNodeFactory.instance.objectNode().put("n", 7);
            assertIndexScan(table, FlatTableProvider.findSql(descriptor), Tuple.of(keyDoc.toString()));
            assertIndexScan(table, FlatTableProvider.deleteSql(descriptor), Tuple.of(keyDoc.toString()));
            assertIndexScan(table, FlatTableProvider.updateSql(descriptor, values),
                    Tuple.of(values.toString(), keyDoc.toString()));
        });
    }

    @Test
    void recordsAreReadChangedAndDeletedByKey() {
        KEYS.forEach((table, key) -> {
            String records = ds + "/datatables/" + table + "/records/";
            api.get(records + key + "/").statusCode(200).body("k", equalTo(key)).body("n", equalTo(0));
            api.patch(records + key + "/", "{\"n\": 5}").statusCode(200).body("n", equalTo(5));
            api.put(records + key + "/", "{\"n\": 6, \"v\": \"2\"}").statusCode(200).body("n", equalTo(6))
                    .body("v", equalTo("2"));
            api.delete(records + key + "/").statusCode(204);
            api.get(records + key + "/").statusCode(404);
        });
        api.get(ds + "/records/by_enum/sad").statusCode(200).body("n", equalTo(1));
    }

    @Test
    void aKeyTheColumnRefusesIsA400NamingIt() {
        for (String table : KEYS.keySet()) {
            String bad = table.equals("by_uuid") ? "not-a-uuid" : "nope";
            String record = ds + "/datatables/" + table + "/records/" + bad + "/";
            Api.assertProblem(api.request().get(record), 400, "DS101").body("errors[0].field", equalTo("pk"));
            Api.assertProblem(api.request().delete(record), 400, "DS101").body("errors[0].field", equalTo("pk"));
            Api.assertProblem(api.request().body("{\"n\": 1}").patch(record), 400, "DS101")
                    .body("errors[0].field", equalTo("pk"));
        }
    }

    private TableDescriptor descriptor(String table) {
        JsonNode schema = Api.json(api.get(ds + "/datatables/" + table + "/").statusCode(200).extract().asString())
                .get("json_schema");
        TableSchema parsed = SchemaDescriptorParser.parse(schema).schema();
        return new TableDescriptor(table, new PhysicalTable("t_" + api.tenantId(), table), parsed, Map.of());
    }

    /** With sequential scans priced out, a statement that can use the key's index does. */
    private void assertIndexScan(String table, String sql, Tuple params) {
        String plan = pool.withConnection(connection -> connection.query("SET enable_seqscan = off").execute()
                .chain(() -> connection.preparedQuery("EXPLAIN " + sql).execute(params))
                .eventually(() -> connection.query("RESET enable_seqscan").execute()))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map((Row row) -> row.getString(0))
                        .collect(Collectors.joining("\n")))
                .await().indefinitely();
        assertTrue(plan.contains("Index Scan using " + table + "_pkey")
                || plan.contains("Index Only Scan using " + table + "_pkey"), sql + "\n" + plan);
    }
}
