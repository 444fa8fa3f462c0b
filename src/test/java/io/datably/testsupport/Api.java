package io.datably.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * REST calls for tests, as one tenant: each test class (or test) makes its own tenant and names, so tests never see
 * each other's data. An instance is bound to a tenant; the static helpers take the tenant as their first argument.
 * JSON is compared exactly (1.50 is not 1.5) through {@link #json}.
 */
public final class Api {
    public static final String PROBLEM_JSON = "application/problem+json";
    public static final JsonMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();

    private final String tenant;

    private Api(String tenant) {
        this.tenant = tenant;
    }

    // --- names ---

    /** A fresh tenant with a random name. */
    public static Api newTenant() {
        return new Api("t" + unique());
    }

    public static Api tenant(String tenant) {
        return new Api(tenant);
    }

    /** A fresh tenant id (valid: lowercase letters and digits, starting with a letter). */
    public static String newTenantId(String prefix) {
        return prefix + hex(12);
    }

    public static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** {@code n} random lowercase hex characters. */
    public static String hex(int n) {
        byte[] bytes = new byte[(n + 1) / 2];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes).substring(0, n);
    }

    public String tenantId() {
        return tenant;
    }

    // --- requests as this tenant ---

    public RequestSpecification request() {
        return as(tenant);
    }

    /** A JSON request as {@code tenant}. */
    public static RequestSpecification as(String tenant) {
        return given().header("X-Tenant", tenant).contentType(ContentType.JSON);
    }

    public ValidatableResponse get(String path) {
        return request().get(path).then().log().ifValidationFails();
    }

    public ValidatableResponse post(String path, String body) {
        return request().body(body).post(path).then().log().ifValidationFails();
    }

    public ValidatableResponse put(String path, String body) {
        return request().body(body).put(path).then().log().ifValidationFails();
    }

    public ValidatableResponse patch(String path, String body) {
        return request().body(body).patch(path).then().log().ifValidationFails();
    }

    public ValidatableResponse delete(String path) {
        return request().delete(path).then().log().ifValidationFails();
    }

    // --- JSON ---

    /** Parses JSON exactly (decimals keep their scale). */
    public static JsonNode json(String text) {
        try {
            return EXACT.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("Not JSON: " + text, e);
        }
    }

    /** The body of a response, parsed exactly. */
    public static JsonNode json(Response response) {
        return json(response.asString());
    }

    /** JSON text of a value (maps, lists, strings...), so that odd strings are escaped exactly as JSON requires. */
    public static String toJson(Object value) {
        try {
            return EXACT.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asserts an RFC 9457 problem with the given status and stable code; chain more body checks on the result. */
    public static ValidatableResponse assertProblem(Response response, int status, String code) {
        return response.then().log().ifValidationFails()
                .statusCode(status)
                .header("Content-Type", startsWith(PROBLEM_JSON))
                .body("status", equalTo(status))
                .body("code", equalTo(code));
    }

    // --- catalog paths ---

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

    // --- set-up calls ---

    /** Creates an app and a datasource {@code ds} of the given provider; answers the datasource's base path. */
    public String createDataSource(String providerType) {
        String app = createApp(tenant, "app-" + unique(), "app-" + unique());
        createDataSource(tenant, app, "ds", providerType);
        return "/api/apps/" + app + "/datasources/ds";
    }

    /** Creates a materialized table under a datasource path; answers the table's records path. */
    public String createTable(String datasourcePath, String name, String schemaJson) {
        post(datasourcePath + "/datatables/", "{\"name\":" + toJson(name) + ",\"json_schema\":" + schemaJson + "}")
                .statusCode(201);
        return datasourcePath + "/datatables/" + name + "/records/";
    }

    /** Creates an app with an explicit slug; answers the slug. */
    public static String createApp(String tenant, String name, String slug) {
        as(tenant).body(toJson(Map.of("name", name, "slug", slug))).post("/api/apps/")
                .then().log().ifValidationFails().statusCode(201);
        return slug;
    }

    public static String createDataSource(String tenant, String app, String slug, String providerType) {
        as(tenant).body(toJson(Map.of("name", slug, "slug", slug, "provider_type", providerType)))
                .post(appPath(app) + "datasources/").then().log().ifValidationFails().statusCode(201);
        return slug;
    }

    /** Creates (and materializes) a datatable from a schema given as JSON text. */
    public static String createTable(String tenant, String app, String ds, String name, String schemaJson) {
        tenant(tenant).createTable("/api/apps/" + app + "/datasources/" + ds, name, schemaJson);
        return name;
    }

    /** Posts one record (object) or several (array) given as JSON text; answers the stored JSON. */
    public static JsonNode insert(String tenant, String recordsPath, String recordsJson) {
        Response response = as(tenant).body(recordsJson).post(recordsPath);
        response.then().log().ifValidationFails().statusCode(201);
        return json(response);
    }

    /** The {@code count} of a paginated list. */
    public static long count(String tenant, String listPath) {
        Response response = as(tenant).get(listPath);
        response.then().log().ifValidationFails().statusCode(200);
        return json(response).path("count").asLong();
    }
}
