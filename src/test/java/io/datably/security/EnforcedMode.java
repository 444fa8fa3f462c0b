package io.datably.security;

import io.datably.testsupport.CerbosResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.util.List;
import java.util.Map;

/**
 * The service in enforced mode, against a mock OpenID Connect issuer (WireMock, from quarkus-test-oidc-server) whose
 * keys sign the tokens {@link #token} makes, with the real Cerbos PDP deciding by the repository's policies. Tenants come from the {@code tenant} claim, or from sub-domains of
 * {@value #DOMAIN}.
 */
public class EnforcedMode implements QuarkusTestProfile {
    public static final String ISSUER = "https://server.example.com";
    public static final String DOMAIN = "tenants.test";
    /** The setting that switches rate limits on or off. */
    public static final String RATE_LIMITS = "datably.rate-limit.enabled";

    @Override
    public Map<String, String> getConfigOverrides() {
        // Rate limits (on by default in enforced mode) would answer 429 to tests that send many requests as one
        // caller; the rate-limit tests' profiles turn them back on.
        return Map.of("quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus",
                "datably.tenant.domain", DOMAIN, RATE_LIMITS, "false");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OidcWiremockTestResource.class),
                new TestResourceEntry(CerbosResource.class));
    }

    /** A JSON request sent with {@code token} as its bearer token. */
    public static RequestSpecification as(String token) {
        return RestAssured.given().header("Authorization", "Bearer " + token).contentType("application/json");
    }

    /** The provider types, by the datasource slug that {@link #appWithEveryProvider} gives each. */
    public static final Map<String, String> PROVIDERS = Map.of("flat", "flat_table", "jsonb", "jsonb",
            "mongo", "mongodb");

    /** Creates app {@code app} with a datasource of each provider (slugs: {@link #PROVIDERS}'s keys), as {@code token}. */
    public static void appWithEveryProvider(String token, String app) {
        as(token).body("{\"name\":\"" + app + "\",\"slug\":\"" + app + "\"}").post("/api/apps/").then().statusCode(201);
        PROVIDERS.forEach((slug, provider) -> as(token).body("{\"name\":\"" + slug + "\",\"slug\":\"" + slug
                + "\",\"provider_type\":\"" + provider + "\"}").post("/api/apps/" + app + "/datasources/").then()
                .statusCode(201));
    }

    /**
     * The same, made by whichever test class of this profile asks first: classes sharing an app whose policies are
     * scoped to its name (the {@code blog} example) run against one database, in any order.
     */
    public static void sharedAppWithEveryProvider(String token, String app) {
        as(token).body("{\"name\":\"" + app + "\",\"slug\":\"" + app + "\"}").post("/api/apps/").then()
                .statusCode(org.hamcrest.Matchers.oneOf(201, 409));
        PROVIDERS.forEach((slug, provider) -> as(token).body("{\"name\":\"" + slug + "\",\"slug\":\"" + slug
                + "\",\"provider_type\":\"" + provider + "\"}").post("/api/apps/" + app + "/datasources/").then()
                .statusCode(org.hamcrest.Matchers.oneOf(201, 409)));
    }

    /** A token of the mock issuer for {@code subject} in {@code tenant} (null: no tenant claim), valid for an hour. */
    public static String token(String subject, String tenant, String... roles) {
        return claims(subject, tenant, roles).sign();
    }

    public static JwtClaimsBuilder claims(String subject, String tenant, String... roles) {
        JwtClaimsBuilder claims = Jwt.issuer(ISSUER).subject(subject).claim("roles", List.of(roles))
                .expiresIn(3600);
        return tenant == null ? claims : claims.claim("tenant", tenant);
    }
}
