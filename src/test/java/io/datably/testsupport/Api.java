package io.datably.testsupport;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/**
 * REST calls as one tenant, for tests: each test class (or test) makes its own tenant and names, so tests never see
 * each other's data. JSON is compared exactly (1.50 is not 1.5) through {@link #json}.
 */
public final class Api {
    public static final JsonMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();

    private final String tenant;

    private Api(String tenant) {
        this.tenant = tenant;
    }

    /** A fresh tenant with a random name. */
    public static Api newTenant() {
        return new Api("t" + unique());
    }

    public static Api tenant(String tenant) {
        return new Api(tenant);
    }

    public static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    public String tenantId() {
        return tenant;
    }

    public RequestSpecification request() {
        return given().header("X-Tenant", tenant).contentType("application/json");
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

    /** Creates an app and a datasource of the given provider; answers the datasource's base path. */
    public String createDataSource(String providerType) {
        String app = "app-" + unique();
        post("/api/apps/", "{\"name\":\"" + app + "\",\"slug\":\"" + app + "\"}").statusCode(201);
        post("/api/apps/" + app + "/datasources/", "{\"name\":\"ds\",\"slug\":\"ds\",\"provider_type\":\""
                + providerType + "\"}").statusCode(201);
        return "/api/apps/" + app + "/datasources/ds";
    }

    /** Creates a materialized table under a datasource path; answers the table's records path. */
    public String createTable(String datasourcePath, String name, String schemaJson) {
        post(datasourcePath + "/datatables/", "{\"name\":\"" + name + "\",\"json_schema\":" + schemaJson + "}")
                .statusCode(201);
        return datasourcePath + "/datatables/" + name + "/records/";
    }

    public static JsonNode json(String text) {
        try {
            return EXACT.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not JSON: " + text, e);
        }
    }
}
