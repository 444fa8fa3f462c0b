package io.datably.error;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

/**
 * The document store out (MongoDB unreachable, through the real driver): requests that need it answer 503 DS503 with
 * Retry-After, naming MongoDB and none of the driver's text; readiness is down; requests on PostgreSQL
 * go on.
 */
@QuarkusTest
@TestProfile(MongoDown.class)
class MongoOutageTest {
    private static final String SCHEMA = "{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}";

    @Test
    void aRequestThatNeedsMongoDbIsA503NamingIt() {
        Api api = Api.newTenant();
        String mongo = api.createDataSource("mongodb");
        Api.assertProblem(api.request().body("{\"name\":\"t\",\"json_schema\":" + SCHEMA + "}")
                        .post(mongo + "/datatables/"), 503, "DS503")
                .header("Retry-After", "5")
                .body("dependency", equalTo("mongodb"))
                .body("detail", containsString("The document store (MongoDB) cannot be reached"))
                .body("detail", not(containsString("Exception")))
                .body("detail", not(containsString("127.0.0.1")));
        // The same service's PostgreSQL tables are served meanwhile.
        String flat = api.createDataSource("flat_table");
        String records = api.createTable(flat, "t", SCHEMA);
        api.request().body("{\"id\":1}").post(records).then().statusCode(201);
    }

    @Test
    void readinessIsDownWhileMongoDbIs() {
        RestAssured.get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name.toLowerCase().contains('mongo') }.status", equalTo("DOWN"));
    }
}
