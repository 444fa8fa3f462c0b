package io.datably.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.datably.security.EnforcedMode;
import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Enforced mode: the console's paths sign in through the authorization-code flow of the default issuer (the mock
 * issuer of quarkus-test-oidc-server), and the session's access token is taken by the API as any bearer token; the
 * API itself never redirects and never takes the console's cookie.
 */
@QuarkusTest
@TestProfile(ConsoleSignIn.class)
class ConsoleSignInTest {
    /** The mock issuer's token endpoint. */
    private static final String TOKEN_ENDPOINT = "/auth/realms/quarkus/token";

    @OidcWireMock
    WireMockServer issuer;

    private static String authorizationEndpoint() {
        return ConfigProvider.getConfig().getValue("keycloak.url", String.class) + "/realms/quarkus";
    }

    @Test
    void withoutASessionTheConsoleIsSentToTheIssuer() {
        for (String path : new String[] {"/console/session", "/console/", "/console"}) {
            Response response = given().redirects().follow(false).get(path);
            response.then().statusCode(302).header("Location", startsWith(authorizationEndpoint() + "?"));
            Map<String, String> query = query(URI.create(response.getHeader("Location")));
            assertEquals("code", query.get("response_type"));
            assertEquals("datably-console", query.get("client_id"));
            assertEquals("S256", query.get("code_challenge_method"), "PKCE");
            // S256 of a verifier: 32 bytes, base64url without padding.
            assertTrue(query.get("code_challenge").matches("[A-Za-z0-9_-]{43}"), query.get("code_challenge"));
            assertEquals(path, URI.create(query.get("redirect_uri")).getPath());
        }
    }

    @Test
    void aScriptWhoseSessionEndedIsToldSoInsteadOfRedirected() {
        given().redirects().follow(false).header("X-Requested-With", "JavaScript").get("/console/session").then()
                .statusCode(499).header("Location", nullValue());
    }

    @Test
    void theApiStillAnswers401WithoutABearerTokenAndNeverRedirects() {
        Response response = given().redirects().follow(false).get("/api/apps/");
        Api.assertProblem(response, 401, "DS301").header("WWW-Authenticate", startsWith("Bearer"))
                .header("Location", nullValue());
        given().header("Authorization", "Bearer " + adminToken()).get("/api/apps/").then().statusCode(200);
    }

    @Test
    void aBearerTokenDoesNotOpenTheConsoleSession() {
        given().redirects().follow(false).header("Authorization", "Bearer " + adminToken())
                .get("/console/session").then().statusCode(302).header("Location", startsWith(authorizationEndpoint()));
    }

    @Test
    void aSignedInConsoleGetsAnAccessTokenTheApiTakes() {
        Map<String, String> cookies = signIn("/console/session");

        Response session = given().redirects().follow(false).cookies(cookies).get("/console/session");
        session.then().statusCode(200).contentType("application/json").header("Cache-Control", "no-store")
                .body("mode", equalTo("enforced"))
                .body("user", equalTo("alice"))
                .body("expires_in", greaterThan(0))
                .body("expires_in", lessThanOrEqualTo(300));
        String token = session.path("access_token");
        assertTrue(token != null && token.matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+"), "a signed JWT: " + token);

        given().header("Authorization", "Bearer " + token).get("/api/apps/").then().statusCode(200);
        // The session's cookie is the console's: the API takes bearer tokens only.
        Api.assertProblem(given().redirects().follow(false).cookies(cookies).get("/api/apps/"), 401, "DS301");
        Api.assertProblem(given().redirects().follow(false).get("/api/apps/"), 401, "DS301");

        Response logout = given().redirects().follow(false).cookies(cookies).get("/console/logout");
        logout.then().statusCode(302).header("Location", containsString("/protocol/openid-connect/end-session"));
        assertFalse(logout.getDetailedCookies().asList().stream().filter(c -> c.getName().startsWith("q_session"))
                .anyMatch(c -> c.getMaxAge() != 0), "the session cookie is removed");
    }

    /** The page asks again before its token expires: the session renews its tokens (refresh token) and answers new. */
    @Test
    void aSessionAskedForNearItsExpiryRenewsItsTokens() {
        long now = System.currentTimeMillis() / 1000;
        // This sign-in's tokens expire in 30 s: within the minute before expiry in which a session renews them.
        StubMapping signIn = issuer.stubFor(WireMock.post(TOKEN_ENDPOINT)
                .withRequestBody(WireMock.containing("authorization_code"))
                .willReturn(WireMock.okJson(tokens("signed-in", now + 30))));
        StubMapping renewal = issuer.stubFor(WireMock.post(TOKEN_ENDPOINT)
                .withRequestBody(WireMock.containing("grant_type=refresh_token"))
                .willReturn(WireMock.okJson(tokens("renewed", now + 300))));
        try {
            Response session = given().redirects().follow(false).cookies(signIn("/console/session"))
                    .get("/console/session");
            session.then().statusCode(200).body("user", equalTo("bob")).body("expires_in", greaterThan(200));
            String token = session.path("access_token");
            assertEquals("renewed", marker(token));
            given().header("Authorization", "Bearer " + token).get("/api/apps/").then().statusCode(200);
        } finally {
            issuer.removeStub(signIn);
            issuer.removeStub(renewal);
        }
    }

    /** A token response of the mock issuer for bob (an admin), its tokens marked {@code marker}, expiring at exp. */
    private static String tokens(String marker, long exp) {
        String id = Jwt.issuer(EnforcedMode.ISSUER).audience("datably-console").subject("bob-1")
                .claim("preferred_username", "bob").issuedAt(exp - 300).expiresAt(exp).sign();
        String access = Jwt.issuer(EnforcedMode.ISSUER).subject("bob-1").claim("groups", List.of("admin"))
                .claim("marker", marker).issuedAt(exp - 300).expiresAt(exp).sign();
        return "{\"access_token\":\"" + access + "\",\"id_token\":\"" + id + "\",\"refresh_token\":\"refresh-"
                + marker + "\",\"token_type\":\"Bearer\",\"expires_in\":" + (exp - System.currentTimeMillis() / 1000)
                + "}";
    }

    private static String marker(String token) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                StandardCharsets.UTF_8);
        return new io.vertx.core.json.JsonObject(payload).getString("marker");
    }

    /**
     * The code flow as a browser runs it: the console sends it to the issuer, the issuer's login sends it back with a
     * code, the console exchanges it and sets its session cookie. Returns the cookies the browser then holds.
     */
    private static Map<String, String> signIn(String path) {
        Response start = given().redirects().follow(false).get(path);
        start.then().statusCode(302);
        Map<String, String> cookies = new HashMap<>(start.getCookies());
        Map<String, String> authorize = query(URI.create(start.getHeader("Location")));

        URI issuer = URI.create(authorizationEndpoint());
        Response login = given().redirects().follow(false).baseUri(issuer.getScheme() + "://" + issuer.getAuthority())
                .queryParam("redirect_uri", authorize.get("redirect_uri")).queryParam("state", authorize.get("state"))
                .get("/login");
        login.then().statusCode(302);

        Response callback = given().redirects().follow(false).cookies(cookies).urlEncodingEnabled(false)
                .get(login.getHeader("Location"));
        callback.then().statusCode(302).header("Location", endsWithPath(path));
        cookies.putAll(callback.getCookies());
        assertFalse(cookies.keySet().stream().noneMatch(name -> name.startsWith("q_session_console")),
                "a session cookie: " + cookies.keySet());
        return cookies;
    }

    /** A token of the issuer for an admin of the install (roles in {@code groups}, as the mock issuer's). */
    private static String adminToken() {
        return EnforcedMode.claims("erin", null).claim("groups", java.util.List.of("admin")).sign();
    }

    private static org.hamcrest.Matcher<String> endsWithPath(String path) {
        return org.hamcrest.Matchers.endsWith(path);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            query.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return query;
    }
}
