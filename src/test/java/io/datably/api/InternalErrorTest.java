package io.datably.api;

import static io.datably.testsupport.Api.as;
import static io.datably.testsupport.Api.assertProblem;
import static io.datably.testsupport.Api.createApp;
import static io.datably.testsupport.Api.createDataSource;
import static io.datably.testsupport.Api.createTable;
import static io.datably.testsupport.Api.dsPath;
import static io.datably.testsupport.Api.hex;
import static io.datably.testsupport.Api.newTenantId;
import static io.datably.testsupport.Api.recordsPath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failure of the store that no rule translates is a 500 whose answer carries an incident id and nothing of the
 * store's text (table names, values, PostgreSQL's message), while the log carries the whole failure under that id.
 * Provoked safely: a trigger on the test's own table raises an error PostgreSQL code the service does not map.
 */
@QuarkusTest
class InternalErrorTest {
    private static final String SECRET = "secret-internal-detail-" + hex(6);

    @Inject
    Pool pool;

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        Logger.getLogger("io.datably").addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        Logger.getLogger("io.datably").removeHandler(capture);
    }

    /** The log record of an incident, with its whole failure (message and causes). */
    private String loggedIncident(String incident) {
        for (LogRecord record : logged) {
            String message = String.valueOf(record.getMessage()) + " " + List.of(record.getParameters() == null
                    ? new Object[0] : record.getParameters());
            if (message.contains(incident)) {
                StringBuilder text = new StringBuilder(message);
                for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                    text.append(" / ").append(t.getMessage());
                }
                return text.toString();
            }
        }
        throw new AssertionError("incident " + incident + " not logged; logged: " + logged.size() + " records");
    }

    @Test
    void storeFailuresAnswerAnIncidentIdAndLogTheStoresText() {
        String tenant = newTenantId("err");
        String app = createApp(tenant, "App", "app-" + hex(6));
        createDataSource(tenant, app, "ds", "flat_table");
        createTable(tenant, app, "ds", "t", "{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"}],"
                + "\"primaryKey\":[\"id\"]}");
        String physical = as(tenant).get(dsPath(app, "ds") + "datatables/t/").path("physical_table_name");
        String table = "\"t_" + tenant + "\".\"" + physical + "\"";
        pool.query("CREATE FUNCTION \"t_" + tenant + "\".boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "RAISE EXCEPTION '" + SECRET + "' USING ERRCODE = 'XX001'; END $$; CREATE TRIGGER boom BEFORE "
                + "INSERT ON " + table + " FOR EACH ROW EXECUTE FUNCTION \"t_" + tenant + "\".boom()")
                .execute().await().indefinitely();

        Response rest = as(tenant).body("{\"id\":1}").post(recordsPath(app, "ds", "t"));
        assertProblem(rest, 500, "DS500");
        assertFalse(rest.asString().contains(SECRET), rest.asString());
        assertFalse(rest.asString().contains(physical), rest.asString());
        String incident = rest.path("incident");
        assertTrue(rest.<String>path("detail").contains(incident), rest.asString());
        assertTrue(loggedIncident(incident).contains(SECRET), loggedIncident(incident));

        Response treeql = as(tenant).body("{\"id\":2}").post(dsPath(app, "ds") + "records/t");
        assertEquals(500, treeql.statusCode(), treeql.asString());
        assertEquals(9999, (int) treeql.path("code"));
        assertFalse(treeql.asString().contains(SECRET), treeql.asString());
        String treeqlIncident = treeql.<String>path("message").replaceAll(".* ", "");
        assertTrue(loggedIncident(treeqlIncident).contains(SECRET), loggedIncident(treeqlIncident));
    }
}
