package io.datably.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.datably.testsupport.Api;
import io.datably.testsupport.PostgresDatabaseResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without a MongoDB connection string the service still runs, and mongodb datasources are refused clearly. */
@QuarkusTest
@TestProfile(MongoNotConfiguredTest.WithoutMongo.class)
class MongoNotConfiguredTest {

    /** PostgreSQL only: the global test resources (which start a MongoDB) are left out. */
    public static class WithoutMongo implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresDatabaseResource.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Test
    void refusesMongoDataSourceNamingTheMissingSetting() {
        Api api = Api.newTenant();
        api.post("/api/apps/", "{\"name\":\"NoMongo\"}").statusCode(201);
        api.post("/api/apps/nomongo/datasources/", "{\"name\":\"docs\",\"provider_type\":\"mongodb\"}")
                .statusCode(400).body("code", equalTo("DS401"))
                .body("detail", containsString("quarkus.mongodb.connection-string"));
        api.post("/api/apps/nomongo/datasources/", "{\"name\":\"flat\",\"provider_type\":\"flat_table\"}")
                .statusCode(201);
        io.restassured.RestAssured.get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
