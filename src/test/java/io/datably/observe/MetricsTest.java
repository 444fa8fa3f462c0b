package io.datably.observe;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * /q/metrics under load, in Prometheus' text format: request rates and latency histograms per route template (never
 * per raw URL), tenant and provider; the PostgreSQL pool; the background-work gauges.
 */
@QuarkusTest
public class MetricsTest {
    private static final String SCHEMA = "{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},"
            + "{\"name\":\"name\",\"type\":\"string\"}],\"primaryKey\":[\"id\"]}";
    private static final String RECORDS_ROUTE = "/api/apps/{app}/datasources/{ds}/datatables/{table}/records";

    @Test
    void requestsAreCountedPerRouteTemplateTenantAndProviderWithHistograms() {
        Api api = Api.newTenant();
        String ds = api.createDataSource("jsonb");
        String records = api.createTable(ds, "items", SCHEMA);
        api.post(records, "{\"id\":1,\"name\":\"one\"}").statusCode(201);
        for (int i = 0; i < 7; i++) {
            api.get(records + "?name=one").statusCode(200);
        }
        String metrics = metrics();

        String labels = "method=\"GET\",outcome=\"SUCCESS\",provider=\"jsonb\",status=\"200\",tenant=\""
                + api.tenantId() + "\",uri=\"" + RECORDS_ROUTE + "\"";
        assertEquals(7.0, value(metrics, "http_server_requests_seconds_count{" + labels + "}"), metrics);
        assertTrue(metrics.contains("http_server_requests_seconds_bucket{" + labels + ",le=\"+Inf\"} 7.0"),
                "a latency histogram of the route");
        assertFalse(metrics.contains(ds), "a raw URL in the metrics: " + ds);
        // The catalog's requests have no provider.
        assertTrue(metrics.contains("provider=\"none\",status=\"201\",tenant=\"" + api.tenantId()
                + "\",uri=\"/api/apps\""), "the app's creation, tagged provider none");
    }

    @Test
    void thePoolAndTheBackgroundWorkAreMeasured() {
        Api api = Api.newTenant();
        api.createTable(api.createDataSource("flat_table"), "items", SCHEMA);
        String metrics = metrics();
        for (String meter : List.of("postgresql_queue_delay_seconds_count", "postgresql_processing_seconds_count",
                "datably_import_jobs_unfinished", "datably_schema_changes_running", "jvm_memory_used_bytes")) {
            assertTrue(Pattern.compile("(?m)^" + meter + "[{ ]").matcher(metrics).find(), "no " + meter);
        }
        assertTrue(value(metrics, "postgresql_processing_seconds_count{clientName=\"<default>\",clientType=\"sql\"}")
                > 0, "the pool served no statement?");
    }

    public static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of the sample named exactly so (name and labels), or fails. */
    public static double value(String metrics, String sample) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(metrics);
        assertTrue(m.find(), "no sample " + sample);
        return Double.parseDouble(m.group(1));
    }
}
