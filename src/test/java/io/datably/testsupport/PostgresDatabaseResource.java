package io.datably.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * Gives each test run its own PostgreSQL database on the local server (created at start, dropped at the end), so
 * runs never see each other's leftovers. Host, port and user follow the same DATABLY_DB_* variables as the app.
 */
public class PostgresDatabaseResource implements QuarkusTestResourceLifecycleManager {
    private final String host = env("DATABLY_DB_HOST", "127.0.0.1");
    private final String port = env("DATABLY_DB_PORT", "5432");
    private final String user = env("DATABLY_DB_USER", "postgres");
    private String database;

    @Override
    public Map<String, String> start() {
        database = "datably_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE DATABASE " + database);
        return Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + host + ":" + port + "/" + database,
                "quarkus.datasource.reactive.url", "postgresql://" + host + ":" + port + "/" + database,
                "quarkus.datasource.username", user);
    }

    @Override
    public void stop() {
        if (database != null) {
            execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private void execute(String sql) {
        String url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(url, user, System.getenv().getOrDefault("DATABLY_DB_PASSWORD", ""));
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run '" + sql + "' on " + url + ": " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
