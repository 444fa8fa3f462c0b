package io.datably.service.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Record requests keep the catalog between requests, and still never serve a stale one: a change committed by
 * anyone else (another instance, an operator in psql — here, plain SQL on the catalog) is what the next request sees.
 * Without the version check each of these would answer from the kept copy.
 */
@QuarkusTest
class ActiveTablesCacheTest {
    private static final String SCHEMA = "{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},"
            + "{\"name\":\"name\",\"type\":\"string\"}],\"primaryKey\":[\"id\"]}";

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void aTableDeactivatedOrRenamedElsewhereIsSeenByTheNextRequest() throws SQLException {
        Api api = Api.newTenant();
        String ds = api.createDataSource("flat_table");
        String records = keptTableWithOneRecord(api, ds);

        catalog("UPDATE data_table SET is_active = false WHERE tenant = ? AND name = 'items'", api.tenantId());
        api.get(records + "1/").statusCode(404);
        catalog("UPDATE data_table SET is_active = true WHERE tenant = ? AND name = 'items'", api.tenantId());
        api.get(records + "1/").statusCode(200);

        catalog("UPDATE data_table SET name = 'things' WHERE tenant = ? AND name = 'items'", api.tenantId());
        api.get(records + "1/").statusCode(404);
        api.get(ds + "/datatables/things/records/1/").statusCode(200);
    }

    @Test
    void anAppOrDatasourceDeactivatedElsewhereIsSeenByTheNextRequest() throws SQLException {
        Api api = Api.newTenant();
        String records = keptTableWithOneRecord(api, api.createDataSource("jsonb"));

        catalog("UPDATE app SET is_active = false WHERE tenant = ?", api.tenantId());
        api.get(records + "1/").statusCode(404);
        catalog("UPDATE app SET is_active = true WHERE tenant = ?", api.tenantId());
        api.get(records + "1/").statusCode(200);
        catalog("UPDATE data_source SET is_active = false WHERE tenant = ?", api.tenantId());
        api.get(records + "1/").statusCode(404);
    }

    @Test
    void theVersionRisesWhenAChangeCommitsNotBefore() throws SQLException {
        Api api = Api.newTenant();
        api.createTable(api.createDataSource("flat_table"), "items", SCHEMA);
        long before = version(api.tenantId());
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE data_table SET description = 'changed' WHERE tenant = ?")) {
                s.setString(1, api.tenantId());
                assertEquals(1, s.executeUpdate());
            }
            assertEquals(before, version(api.tenantId()), "not yet committed");
            c.commit();
        }
        assertEquals(before + 1, version(api.tenantId()));
    }

    /** Table {@code items} of datasource {@code ds} with record 1, read once (so its catalog rows are kept). */
    private static String keptTableWithOneRecord(Api api, String ds) {
        String records = api.createTable(ds, "items", SCHEMA);
        api.post(records, "{\"id\":1,\"name\":\"one\"}").statusCode(201);
        api.get(records + "1/").statusCode(200);
        return records;
    }

    private void catalog(String sql, String tenant) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, tenant);
            assertEquals(1, s.executeUpdate(), sql);
        }
    }

    private long version(String tenant) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement s = c.prepareStatement("SELECT version FROM catalog_version WHERE tenant = ?")) {
            s.setString(1, tenant);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }
}
