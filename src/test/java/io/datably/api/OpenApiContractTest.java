package io.datably.api;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OpenApiContractTest {
    @Test
    void dump() throws Exception {
        Files.writeString(Path.of("target/openapi.json"), given().accept("application/json").get("/q/openapi?format=json").asString());
        Files.writeString(Path.of("target/openapi.yaml"), given().get("/q/openapi").asString());
    }
}
