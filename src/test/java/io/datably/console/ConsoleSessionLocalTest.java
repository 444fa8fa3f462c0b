package io.datably.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** Local mode: the console needs no sign-in, and its session names the local caller. */
@QuarkusTest
class ConsoleSessionLocalTest {

    @Test
    void theSessionIsTheLocalCaller() {
        given().get("/console/session").then().statusCode(200)
                .contentType("application/json")
                .header("Cache-Control", "no-store")
                .body("mode", equalTo("local"))
                .body("user", equalTo("local"))
                .body("access_token", nullValue());
    }

    @Test
    void theConsoleIsNotSentToAnIssuer() {
        for (String path : new String[] {"/console/", "/console/index.html"}) {
            Response response = given().redirects().follow(false).get(path);
            response.then().statusCode(200).header("Location", nullValue());
        }
        // Without its slash, the console's path is sent to the console itself (its relative addresses need the slash).
        given().redirects().follow(false).get("/console").then().statusCode(302)
                .header("Location", endsWith("/console/")).header("Location", not(containsString("openid")));
    }

    /** Local mode allows every origin on the API; the console's answers are its own page's alone. */
    @Test
    void anotherOriginGetsNoCorsHeaderFromTheConsole() {
        given().header("Origin", "https://elsewhere.example.com").get("/console/session").then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://elsewhere.example.com").get("/api/apps/").then()
                .header("Access-Control-Allow-Origin", equalTo("https://elsewhere.example.com"));
    }

    @Test
    void aScriptOfAnotherSiteIsRefused() {
        Api.assertProblem(given().header("Sec-Fetch-Site", "cross-site").header("Sec-Fetch-Mode", "cors")
                .get("/console/session"), 403, "DS302");
        Api.assertProblem(given().header("Sec-Fetch-Site", "same-site").header("Sec-Fetch-Mode", "no-cors")
                .get("/console/session"), 403, "DS302");
        given().header("Sec-Fetch-Site", "same-origin").header("Sec-Fetch-Mode", "cors").get("/console/session")
                .then().statusCode(200);
    }
}
