package io.datably.security;

import static io.datably.security.PerTenantIssuers.claims;
import static io.datably.security.PerTenantIssuers.sign;
import static io.datably.security.PerTenantIssuers.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tenants with their own identity provider, chosen by sub-domain: a token is checked against the issuer and key of
 * the tenant its host names, so a token of another tenant's issuer is 401, and the shared issuer cannot speak for a
 * tenant that has its own. Also the audience of the shared issuer, and enforced mode configured by keys alone.
 */
@QuarkusTest
@TestProfile(PerTenantIssuers.class)
class PerTenantIssuerTest {

    static RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json");
    }

    static RequestSpecification at(String tenant, String token) {
        return bearer(token).header("Host", tenant + "." + PerTenantIssuers.DOMAIN);
    }

    static void unauthenticated(Response response) {
        Api.assertProblem(response, 401, "DS301").header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void issuersConfiguredByKeyAloneEnforceTokens() {
        unauthenticated(given().get("/api/apps/"));
        unauthenticated(given().header("Host", "acme." + PerTenantIssuers.DOMAIN).get("/api/apps/"));
    }

    @Test
    void theSubDomainSelectsTheTenantsOwnIssuer() {
        String slug = "app-" + Api.hex(8);
        at("acme", token("acme", "ann", null)).body("{\"name\":\"A\",\"slug\":\"" + slug + "\"}").post("/api/apps/")
                .then().statusCode(201);
        at("acme", token("acme", "ann", "acme")).get(Api.appPath(slug)).then().statusCode(200)
                .body("name", equalTo("A"));
        at("globex", token("globex", "gus", null)).get(Api.appPath(slug)).then().statusCode(404);
    }

    @Test
    void aTokenOfAnotherTenantsIssuerIs401() {
        for (String provider : List.of("globex", PerTenantIssuers.SHARED)) {
            for (String claim : new String[] {null, "acme", "globex"}) {
                unauthenticated(at("acme", token(provider, "eve", claim)).get("/api/apps/"));
            }
        }
        // Signed with acme's key but naming another issuer; and acme's issuer signed with another key.
        unauthenticated(at("acme", sign(claims("globex", "eve", "acme"), "acme")).get("/api/apps/"));
        unauthenticated(at("acme", sign(claims("acme", "eve", "acme"), "globex")).get("/api/apps/"));
    }

    @Test
    void theSharedIssuerCannotSpeakForATenantWithItsOwnIssuer() {
        Api.assertProblem(bearer(token(PerTenantIssuers.SHARED, "eve", "acme")).get("/api/apps/"), 401, "DS301")
                .body("detail", containsString("acme"));
        bearer(token(PerTenantIssuers.SHARED, "sam", "t" + Api.unique())).get("/api/apps/").then().statusCode(200);
    }

    @Test
    void aTenantsOwnTokenNeedsItsSubDomainWhenIssuersAreNotResolved() {
        unauthenticated(bearer(token("acme", "ann", "acme")).get("/api/apps/"));
    }

    @Test
    void theSharedIssuersAudienceIsRequired() {
        String tenant = "t" + Api.unique();
        String noAudience = sign(claims(PerTenantIssuers.SHARED, "sam", tenant), "shared");
        String otherAudience = sign(claims(PerTenantIssuers.SHARED, "sam", tenant).audience("billing"), "shared");
        unauthenticated(bearer(noAudience).get("/api/apps/"));
        unauthenticated(bearer(otherAudience).get("/api/apps/"));
        bearer(token(PerTenantIssuers.SHARED, "sam", tenant)).get("/api/apps/").then().statusCode(200);
    }

    @Test
    void aPathSegmentNamedLikeATenantDoesNotChooseTheIssuer() {
        String tenant = "t" + Api.unique();
        String token = token(PerTenantIssuers.SHARED, "sam", tenant);
        bearer(token).body("{\"name\":\"Acme fans\",\"slug\":\"acme\"}").post("/api/apps/").then().statusCode(201);
        bearer(token).get("/api/apps/acme/").then().statusCode(200).body("name", equalTo("Acme fans"));
        bearer(token).get("/api/apps/globex/datasources/x/records/acme").then().statusCode(404);
    }
}
