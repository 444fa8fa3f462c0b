package io.datably.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.datably.security.PerTenantIssuers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * Enforced mode by issuer keys alone: there is no sign-in page to send a browser to, so the console's paths answer
 * 401 as any request without a bearer token does, and its session never says "local".
 */
@QuarkusTest
@TestProfile(PerTenantIssuers.class)
class ConsoleWithoutIssuerUrlTest {

    @Test
    void theConsoleIsClosed() {
        for (String path : new String[] {"/console/session", "/console/"}) {
            given().redirects().follow(false).get(path).then().statusCode(401)
                    .header("Location", nullValue())
                    .header("WWW-Authenticate", startsWith("Bearer"));
        }
    }
}
