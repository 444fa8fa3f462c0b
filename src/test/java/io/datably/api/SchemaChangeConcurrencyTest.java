package io.datably.api;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Schema changes of one tenant at once (index builds, table creates, migrations) run one after the other where they
 * must, never leave Liquibase's lock behind, hold no connection while they wait, and never slow other tenants down.
 */
@QuarkusTest
class SchemaChangeConcurrencyTest {
    private static final String TABLE = "{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},"
            + "{\"name\":\"price\",\"type\":\"number\"}],\"primaryKey\":[\"id\"]}";
    private static final String WIDER = "{\"json_schema\":{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},"
            + "{\"name\":\"price\",\"type\":\"number\"},{\"name\":\"note\",\"type\":\"string\"}],\"primaryKey\":[\"id\"]}}";
    /** LiquibaseRunner's key of the lock on Liquibase runs in a schema ("LQBS"). */
    private static final int SCHEMA_CHANGELOG = 0x4C514253;
    /** AdvisoryLocks' key of a datatable's structure lock ("DTAB"). */
    private static final int DATATABLE_STRUCTURE = 0x44544142;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "datably.schema-changes.lock-wait")
    Duration lockWait;

    @Test
    void sixteenChangesAcrossTwoTenantsAllFinishWhileAThirdTenantWorks() throws Exception {
        List<Api> tenants = List.of(Api.newTenant(), Api.newTenant());
        List<Callable<Response>> storm = new ArrayList<>();
        for (Api tenant : tenants) {
            String flat = tenant.createDataSource("flat_table");
            String jsonb = tenant.createDataSource("jsonb");
            for (int i = 0; i < 4; i++) {
                String records = tenant.createTable(flat, "t" + i, TABLE);
                tenant.post(records, "[{\"id\":1,\"price\":1.5},{\"id\":2,\"price\":2.5}]").statusCode(201);
                String indexes = flat + "/datatables/t" + i + "/indexes/";
                storm.add(() -> tenant.request().body("{\"fields\":[\"price\"]}").post(indexes));
            }
            tenant.createTable(jsonb, "j0", TABLE);
            storm.add(() -> tenant.request().body(WIDER).patch(jsonb + "/datatables/j0/"));
            storm.add(() -> tenant.request().body(WIDER).patch(flat + "/datatables/t0/"));
            storm.add(() -> tenant.request().body("{\"name\":\"n0\",\"json_schema\":" + TABLE + "}")
                    .post(flat + "/datatables/"));
            storm.add(() -> tenant.request().body("{\"name\":\"n1\",\"json_schema\":" + TABLE + "}")
                    .post(jsonb + "/datatables/"));
        }
        assertEquals(16, storm.size());
        Api bystander = Api.newTenant();
        String bystanderDs = bystander.createDataSource("flat_table");

        ExecutorService clients = Executors.newFixedThreadPool(17);
        // All 16 changes and the bystander leave together (not as the pool happens to start them), so the changes
        // of each tenant meet at its locks, and the bystander works while they do.
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            storm.forEach(change -> answers.add(clients.submit(() -> {
                start.await();
                return change.call();
            })));
            Future<Integer> bystanderWork = clients.submit(() -> {
                start.await();
                for (int i = 0; i < 3; i++) {
                    String records = bystander.createTable(bystanderDs, "b" + i, TABLE);
                    bystander.post(records, "{\"id\":1,\"price\":3}").statusCode(201);
                    bystander.get(records + "1/").statusCode(200).body("price", equalTo(3));
                }
                return 3;
            });
            start.countDown();
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                assertEquals(3, bystanderWork.get());
                for (Future<Response> answer : answers) {
                    Response response = answer.get();
                    int status = response.statusCode();
                    // Done, or a clean "busy, send again" (never a 500, never a hang).
                    assertTrue(status == 200 || status == 201 || (status == 409
                            && response.path("code").equals("DS114") && response.header("Retry-After") != null),
                            status + " " + response.asString());
                }
            });
        } finally {
            clients.shutdownNow();
        }
        for (Api tenant : tenants) {
            assertEquals(0, lockedChangelogRows(tenant), "Liquibase's lock left behind in " + schema(tenant));
            // The next change of the tenant runs at once.
            String flat = tenant.createDataSource("flat_table");
            tenant.createTable(flat, "after", TABLE);
        }
    }

    @Test
    void aStaleLiquibaseLockIsReleasedNotWaitedFor() throws Exception {
        Api tenant = Api.newTenant();
        String flat = tenant.createDataSource("flat_table");
        tenant.createTable(flat, "items", TABLE);
        sql("UPDATE " + schema(tenant) + ".databasechangeloglock SET locked = true, lockgranted = now(), "
                + "lockedby = 'an instance that died'");
        assertEquals(1, lockedChangelogRows(tenant));
        // Liquibase alone would wait five minutes for that lock, then fail.
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> tenant.post(flat + "/datatables/items/indexes/",
                "{\"fields\":[\"price\"]}").statusCode(201));
        assertEquals(0, lockedChangelogRows(tenant));
    }

    @Test
    void waitingChangesHoldNoConnectionAndOtherTenantsKeepWorking() throws Exception {
        Api tenant = Api.newTenant();
        String flat = tenant.createDataSource("flat_table");
        tenant.createTable(flat, "first", TABLE); // the tenant's schema and changelog exist
        Api bystander = Api.newTenant();
        String records = bystander.createTable(bystander.createDataSource("jsonb"), "notes", TABLE);
        bystander.post(records, "{\"id\":1,\"price\":1}").statusCode(201);

        // More waiting creates than the reactive pool (20) and the JDBC pool (8) have connections.
        int waiting = 30;
        ExecutorService clients = Executors.newFixedThreadPool(waiting);
        try (Connection holder = connect()) {
            lock(holder, "pg_advisory_lock", SCHEMA_CHANGELOG, crc(schema(tenant)));
            List<Future<Integer>> creates = new ArrayList<>();
            for (int i = 0; i < waiting; i++) {
                String body = "{\"name\":\"w" + i + "\",\"json_schema\":" + TABLE + "}";
                creates.add(clients.submit(() -> tenant.request().body(body).post(flat + "/datatables/")
                        .statusCode()));
            }
            Thread.sleep(1_000); // all of them now wait for the tenant's changelog lock
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                for (int i = 0; i < 5; i++) {
                    bystander.get(records + "1/").statusCode(200);
                    bystander.get(records).statusCode(200).body("count", equalTo(1));
                }
            });
            lock(holder, "pg_advisory_unlock", SCHEMA_CHANGELOG, crc(schema(tenant)));
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                for (Future<Integer> create : creates) {
                    assertEquals(201, create.get());
                }
            });
        } finally {
            clients.shutdownNow();
        }
        tenant.get(flat + "/datatables/?page_size=100").statusCode(200).body("count", equalTo(waiting + 1));
    }

    @Test
    void aChangeThatWaitsTooLongAnswers409WithRetryAfter() throws Exception {
        Api tenant = Api.newTenant();
        String flat = tenant.createDataSource("flat_table");
        tenant.createTable(flat, "items", TABLE);
        long id = tableId(tenant, "items");
        try (Connection holder = connect()) {
            lock(holder, "pg_advisory_lock", DATATABLE_STRUCTURE, (int) id);
            long started = System.nanoTime();
            Response refused = tenant.request().body("{\"fields\":[\"price\"]}")
                    .post(flat + "/datatables/items/indexes/");
            Api.assertProblem(refused, 409, "DS114");
            // Half the lock wait, within 1..30 s: long enough for the running change to finish.
            assertEquals(String.valueOf(Math.max(1, Math.min(30, lockWait.toSeconds() / 2))),
                    refused.header("Retry-After"));
            // It waited about the lock wait (the last back-off step, at most half a second, is not taken).
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(waited.compareTo(lockWait.minusSeconds(1)) >= 0, "gave up after " + waited);
            lock(holder, "pg_advisory_unlock", DATATABLE_STRUCTURE, (int) id);
        }
        tenant.post(flat + "/datatables/items/indexes/", "{\"fields\":[\"price\"]}").statusCode(201);
    }

    private static String schema(Api tenant) {
        return "t_" + tenant.tenantId();
    }

    private long lockedChangelogRows(Api tenant) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM " + schema(tenant)
                     + ".databasechangeloglock WHERE locked")) {
            r.next();
            return r.getLong(1);
        }
    }

    private long tableId(Api tenant, String name) throws SQLException {
        try (Connection c = connect();
             PreparedStatement s = c.prepareStatement("SELECT id FROM data_table WHERE tenant = ? AND name = ?")) {
            s.setString(1, tenant.tenantId());
            s.setString(2, name);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static void lock(Connection c, String function, int kind, int id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + function + "(?, ?)")) {
            s.setInt(1, kind);
            s.setInt(2, id);
            s.execute();
        }
    }

    private static int crc(String schema) {
        CRC32 crc = new CRC32();
        crc.update(schema.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", System.getenv().getOrDefault("DATABLY_DB_PASSWORD", ""));
    }
}
