package io.datably.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Enforced mode: only a valid bearer token of the configured issuer gets in (401 otherwise, with
 * {@code WWW-Authenticate}), and the tenant comes from the token or the host, never from a header alone (403).
 */
@QuarkusTest
@TestProfile(EnforcedMode.class)
class AuthenticationTest {

    private static RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json");
    }

    private static void unauthenticated(Response response) {
        Api.assertProblem(response, 401, "DS301").header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void aRequestWithoutATokenIs401() {
        unauthenticated(given().get("/api/apps/"));
        unauthenticated(given().header("X-Tenant", "acme").get("/api/apps/"));
        unauthenticated(given().header("Authorization", "Basic YTpi").get("/api/apps/"));
    }

    @Test
    void tokensTheIssuerDidNotSignOrThatExpiredAre401() throws NoSuchAlgorithmException {
        String tenant = "t" + Api.unique();
        var otherKey = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate();
        List<String> refused = List.of(
                "garbage",
                "a.b.c",
                EnforcedMode.claims("alice", tenant).sign(otherKey),
                EnforcedMode.claims("alice", tenant).expiresAt(System.currentTimeMillis() / 1000 - 600).sign(),
                EnforcedMode.claims("alice", tenant).claim("nbf", System.currentTimeMillis() / 1000 + 3600).sign(),
                Jwt.issuer("https://evil.example.com").subject("alice").claim("tenant", tenant).sign(),
                unsigned("{\"iss\":\"" + EnforcedMode.ISSUER + "\",\"sub\":\"alice\",\"tenant\":\"" + tenant
                        + "\",\"exp\":" + (System.currentTimeMillis() / 1000 + 3600) + "}"));
        for (String token : refused) {
            Response response = bearer(token).get("/api/apps/");
            unauthenticated(response);
            response.then().header("WWW-Authenticate", containsString("invalid_token"));
        }
    }

    @Test
    void aTokenTakenAgainWithoutCheckingStillExpires() throws InterruptedException {
        String tenant = "t" + Api.unique();
        long expiry = System.currentTimeMillis() / 1000 + 2;
        String token = EnforcedMode.claims("erin", tenant, "viewer").expiresAt(expiry).sign();
        bearer(token).get("/api/apps/").then().statusCode(200);
        bearer(token).get("/api/apps/").then().statusCode(200);
        while (System.currentTimeMillis() / 1000 <= expiry) {
            Thread.sleep(200);
        }
        unauthenticated(bearer(token).get("/api/apps/"));
    }

    @Test
    void aValidTokenWorksInItsOwnTenantOnly() {
        String tenant = "t" + Api.unique();
        String other = "t" + Api.unique();
        String token = EnforcedMode.token("alice", tenant, "admin");
        bearer(token).body("{\"name\":\"Shop\",\"slug\":\"shop\"}").post("/api/apps/").then().statusCode(201);
        bearer(token).get("/api/apps/shop/").then().statusCode(200).body("name", equalTo("Shop"));
        // Another tenant's token does not see it; its X-Tenant cannot switch either.
        String otherToken = EnforcedMode.token("bob", other, "admin");
        bearer(otherToken).get("/api/apps/shop/").then().statusCode(404);
        Api.assertProblem(bearer(otherToken).header("X-Tenant", tenant).get("/api/apps/shop/"), 403, "DS302")
                .body("detail", containsString("X-Tenant"));
        bearer(token).header("X-Tenant", tenant).get("/api/apps/shop/").then().statusCode(200);
        // The schema history names who made each change.
        bearer(token).body("{\"name\":\"ds\",\"slug\":\"ds\",\"provider_type\":\"jsonb\"}")
                .post("/api/apps/shop/datasources/").then().statusCode(201);
        bearer(token).body("{\"name\":\"notes\",\"json_schema\":{\"fields\":[{\"name\":\"id\","
                + "\"type\":\"integer\"}]}}").post("/api/apps/shop/datasources/ds/datatables/").then().statusCode(201);
        bearer(token).get("/api/apps/shop/datasources/ds/datatables/notes/operations/").then().statusCode(200)
                .body("results.operation", org.hamcrest.Matchers.hasItem("create")) // not vacuously empty
                .body("results.actor", org.hamcrest.Matchers.everyItem(equalTo("alice")));
    }

    @Test
    void hostileOrMissingTenantClaimsAre403NamingTheClaim() {
        for (String hostile : List.of("ACME", "a\"b", "../x", "t_1; drop", "a".repeat(200), "", "1abc")) {
            Api.assertProblem(bearer(EnforcedMode.token("alice", hostile)).get("/api/apps/"), 403, "DS302")
                    .body("detail", containsString("claim 'tenant'"));
        }
        Api.assertProblem(bearer(EnforcedMode.claims("alice", null).claim("tenant", 42).sign()).get("/api/apps/"),
                403, "DS302").body("detail", containsString("claim 'tenant'"));
        Api.assertProblem(bearer(EnforcedMode.token("alice", null)).get("/api/apps/"), 403, "DS302")
                .body("detail", containsString("no claim 'tenant'"));
    }

    @Test
    void theSubDomainNamesTheTenantAndMustAgreeWithTheClaim() {
        String tenant = "t" + Api.unique();
        String host = tenant + "." + EnforcedMode.DOMAIN;
        bearer(EnforcedMode.token("carol", tenant, "viewer")).header("Host", host).get("/api/apps/").then()
                .statusCode(200).body("count", equalTo(0));
        // The shared issuer's token must name its tenant: the host alone would let it into any tenant.
        Api.assertProblem(bearer(EnforcedMode.token("carol", null)).header("Host", host).get("/api/apps/"), 403,
                "DS302").body("detail", containsString("sub-domain alone"));
        Api.assertProblem(bearer(EnforcedMode.token("carol", "t" + Api.unique())).header("Host", host)
                .get("/api/apps/"), 403, "DS302").body("detail", containsString("sub-domain"));
        Api.assertProblem(bearer(EnforcedMode.token("carol", null)).header("Host", "a.b." + EnforcedMode.DOMAIN)
                .get("/api/apps/"), 403, "DS302");
    }

    @Test
    void xTenantNeverChoosesTheTenant() {
        String tenant = "t" + Api.unique();
        // A token without a tenant claim does not get one from the header: still no tenant.
        Api.assertProblem(bearer(EnforcedMode.token("mallory", null)).header("X-Tenant", tenant).get("/api/apps/"),
                403, "DS302").body("detail", containsString("No tenant"));
        String token = EnforcedMode.token("mallory", tenant, "admin");
        for (String spoofed : List.of("default", "../" + tenant, tenant + "; drop schema", tenant.toUpperCase(),
                " " + tenant + "x")) {
            Api.assertProblem(bearer(token).header("X-Tenant", spoofed).get("/api/apps/"), 403, "DS302")
                    .body("detail", containsString("X-Tenant"));
        }
        // Nor with the tenant's sub-domain as host: the header is checked against the tenant the host names.
        Api.assertProblem(bearer(EnforcedMode.token("carol", null)).header("Host", tenant + "." + EnforcedMode.DOMAIN)
                .header("X-Tenant", "other").get("/api/apps/"), 403, "DS302");
    }

    @Test
    void healthAndTheApiDescriptionStayPublic() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }

    private static String unsigned(String claims) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return url.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
    }
}
