package io.datably.security;

import static io.datably.security.PerTenantIssuerTest.at;
import static io.datably.security.PerTenantIssuerTest.bearer;
import static io.datably.security.PerTenantIssuerTest.unauthenticated;
import static io.datably.security.PerTenantIssuers.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * With {@code quarkus.oidc.resolve-tenants-with-issuer}, a tenant's own token works without its sub-domain: the
 * token's {@code iss} chooses the issuer that checks it, and that issuer's tenant is the request's tenant.
 */
@QuarkusTest
@TestProfile(PerTenantIssuers.ByIssuer.class)
class IssuerResolvedTenantTest {

    @Test
    void theTokensIssuerChoosesTheTenant() {
        String slug = "app-" + Api.hex(8);
        bearer(token("acme", "ann", null)).body("{\"name\":\"A\",\"slug\":\"" + slug + "\"}").post("/api/apps/")
                .then().statusCode(201);
        bearer(token("acme", "ann", "acme")).get(Api.appPath(slug)).then().statusCode(200)
                .body("name", equalTo("A"));
        at("acme", token("acme", "ann", null)).get(Api.appPath(slug)).then().statusCode(200);
        bearer(token("globex", "gus", null)).get(Api.appPath(slug)).then().statusCode(404);
        bearer(token(PerTenantIssuers.SHARED, "sam", "t" + Api.unique())).get(Api.appPath(slug)).then()
                .statusCode(404);
    }

    @Test
    void aClaimOfAnotherTenantThanTheIssuersIs403() {
        Api.assertProblem(bearer(token("globex", "gus", "acme")).get("/api/apps/"), 403, "DS302")
                .body("detail", containsString("issuer"));
        Api.assertProblem(bearer(token("globex", "gus", null)).header("X-Tenant", "acme").get("/api/apps/"), 403,
                "DS302");
    }

    @Test
    void theSubDomainStillChoosesFirstAndOtherIssuersAre401() {
        unauthenticated(at("globex", token("acme", "ann", "acme")).get("/api/apps/"));
        unauthenticated(at("globex", token("acme", "ann", null)).get("/api/apps/"));
        unauthenticated(bearer(token(PerTenantIssuers.SHARED, "eve", "acme")).get("/api/apps/"));
        unauthenticated(given().get("/api/apps/"));
    }
}
