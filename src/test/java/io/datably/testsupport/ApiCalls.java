package io.datably.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Small helpers for REST tests: random names, a request as a tenant, catalog set-up calls, problem assertions. */
public final class ApiCalls {
    public static final String PROBLEM_JSON = "application/problem+json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiCalls() {
    }

    /** {@code n} random lowercase hex characters. */
    public static String hex(int n) {
        byte[] bytes = new byte[(n + 1) / 2];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes).substring(0, n);
    }

    /** A fresh tenant id (valid: lowercase letters and digits, starting with a letter). */
    public static String newTenant(String prefix) {
        return prefix + hex(12);
    }

    /** A JSON request as {@code tenant}. */
    public static RequestSpecification as(String tenant) {
        return given().header("X-Tenant", tenant).contentType(ContentType.JSON);
    }

    /** JSON text of a value (maps, lists, strings...), so that odd strings are escaped exactly as JSON requires. */
    public static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("Response is not JSON: " + json, e);
        }
    }

    public static JsonNode tree(Response response) {
        return tree(response.asString());
    }

    /** Asserts an RFC 9457 problem with the given status and stable code; chain more body checks on the result. */
    public static ValidatableResponse assertProblem(Response response, int status, String code) {
        return response.then().log().ifValidationFails()
                .statusCode(status)
                .header("Content-Type", startsWith(PROBLEM_JSON))
                .body("status", equalTo(status))
                .body("code", equalTo(code));
    }

    // --- catalog paths and set-up calls ---

    public static String appPath(String app) {
        return "/api/apps/" + app + "/";
    }

    public static String dsPath(String app, String ds) {
        return appPath(app) + "datasources/" + ds + "/";
    }

    public static String tablePath(String app, String ds, String table) {
        return dsPath(app, ds) + "datatables/" + table + "/";
    }

    public static String recordsPath(String app, String ds, String table) {
        return tablePath(app, ds, table) + "records/";
    }

    /** Creates an app with an explicit slug; answers the slug. */
    public static String createApp(String tenant, String name, String slug) {
        as(tenant).body(json(Map.of("name", name, "slug", slug))).post("/api/apps/")
                .then().log().ifValidationFails().statusCode(201);
        return slug;
    }

    public static String createDataSource(String tenant, String app, String slug, String providerType) {
        as(tenant).body(json(Map.of("name", slug, "slug", slug, "provider_type", providerType)))
                .post(appPath(app) + "datasources/").then().log().ifValidationFails().statusCode(201);
        return slug;
    }

    /** Creates (and materializes) a datatable from a schema given as JSON text. */
    public static String createTable(String tenant, String app, String ds, String name, String schemaJson) {
        as(tenant).body("{\"name\":" + json(name) + ",\"json_schema\":" + schemaJson + "}")
                .post(dsPath(app, ds) + "datatables/").then().log().ifValidationFails().statusCode(201);
        return name;
    }

    /** Posts one record (object) or several (array) given as JSON text; answers the stored JSON. */
    public static JsonNode insert(String tenant, String recordsPath, String recordsJson) {
        Response response = as(tenant).body(recordsJson).post(recordsPath);
        response.then().log().ifValidationFails().statusCode(201);
        return tree(response);
    }

    /** The {@code count} of a paginated list. */
    public static long count(String tenant, String listPath) {
        Response response = as(tenant).get(listPath);
        response.then().log().ifValidationFails().statusCode(200);
        return tree(response).path("count").asLong();
    }
}
