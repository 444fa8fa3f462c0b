package io.datably.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A lock (on a row, or a whole table) held by the test in a PostgreSQL session of its own, so that a request under
 * test stops at a known point (inside the service's critical section, or at the statement it sends) and stays there
 * while the test sends a second request or reads the statement. The sessions
 * that wait for this one (directly, or queued behind one that does) are read from {@code pg_blocking_pids}: a
 * waiting statement is visible there, unlike the service's own advisory locks, which are polled with
 * {@code pg_try_advisory_lock} and never show a waiter. Closing rolls back and lets the held request go on.
 */
public final class HeldLock implements AutoCloseable {
    /** The sessions waiting for {@code ?}, and the sessions queued behind those (a second UPDATE of one row). */
    private static final String WAITERS = """
            WITH RECURSIVE waiting(pid) AS (
              SELECT pid FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))
              UNION SELECT a.pid FROM pg_stat_activity a JOIN waiting w ON w.pid = ANY(pg_blocking_pids(a.pid)))
            SELECT count(*) FROM waiting""";

    private final Connection session;
    /** Reads pg_stat_activity outside the held transaction, which would see one snapshot of it for its whole life. */
    private final Connection observer;
    private final int pid;

    /** Takes the lock in the test's session, with the given statement (rows expected) and its one parameter. */
    private HeldLock(String lockingSql, Object key) {
        Config config = ConfigProvider.getConfig();
        try {
            session = connect(config);
            observer = connect(config);
            session.setAutoCommit(false);
            try (PreparedStatement s = session.prepareStatement(lockingSql)) {
                if (key == null) {
                    s.execute();
                } else {
                    s.setObject(1, key);
                    try (ResultSet r = s.executeQuery()) {
                        assertTrue(r.next(), "nothing to lock: " + lockingSql + " " + key);
                    }
                }
            }
            pid = one(session, "SELECT pg_backend_pid()", null);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The catalog row of datatable {@code id}: a schema change waits when it saves the table's new schema. */
    public static HeldLock catalogRow(long dataTableId) {
        return new HeldLock("SELECT id FROM data_table WHERE id = ? FOR UPDATE", dataTableId);
    }

    /**
     * Liquibase's lock row in tenant schema {@code schema}: a Liquibase run (index build, migration) waits when it
     * takes Liquibase's lock, after the service's own locks and checks, before it changes anything.
     */
    public static HeldLock liquibaseLockRow(String schema) {
        return new HeldLock("SELECT id FROM \"" + schema + "\".databasechangeloglock WHERE id = ? FOR UPDATE", 1);
    }

    /**
     * Table {@code schema.table}, ACCESS EXCLUSIVE: every statement on it waits, and shows in pg_stat_activity
     * exactly as the service sent it ({@link #waitingStatements}).
     */
    public static HeldLock table(String schema, String table) {
        return new HeldLock("LOCK TABLE \"" + schema + "\".\"" + table + "\" IN ACCESS EXCLUSIVE MODE", null);
    }

    /**
     * The statements that wait for this one now, as PostgreSQL received them ($n placeholders, parameters not
     * shown). Fails when a text reaches track_activity_query_size, where PostgreSQL cuts it.
     */
    public List<String> waitingStatements() {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = observer.prepareStatement("SELECT query, (SELECT setting::int FROM "
                + "pg_settings WHERE name = 'track_activity_query_size') FROM pg_stat_activity "
                + "WHERE ? = ANY(pg_blocking_pids(pid))")) {
            s.setInt(1, pid);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String query = r.getString(1);
                    assertTrue(query.getBytes(StandardCharsets.UTF_8).length < r.getInt(2) - 1,
                            "cut by track_activity_query_size: " + query);
                    out.add(query);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** How many sessions wait for this one now. */
    public int waiters() {
        try {
            return one(observer, WAITERS, pid);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code n} sessions wait for this one; fails after {@code timeout}. */
    public void awaitWaiters(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (waiters() != n) {
            if (System.nanoTime() > deadline) {
                fail("expected " + n + " session(s) waiting for the test's lock, found " + waiters());
            }
            Thread.sleep(50);
        }
    }

    /** Asserts that for all of {@code during}, no more than {@code n} sessions wait for this one. */
    public void assertAtMostWaiters(int n, Duration during, String why) throws InterruptedException {
        long end = System.nanoTime() + during.toNanos();
        while (System.nanoTime() < end) {
            int now = waiters();
            assertTrue(now <= n, now + " sessions wait for the test's lock: " + why);
            Thread.sleep(50);
        }
    }

    private static Connection connect(Config config) throws SQLException {
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getOptionalValue("quarkus.datasource.username", String.class).orElse("postgres"),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }

    private static int one(Connection connection, String sql, Object parameter) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            if (parameter != null) {
                s.setObject(1, parameter);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try (observer; session) {
            session.rollback();
        }
    }
}
