package io.datably.console;

import io.datably.config.DatablyConfig;
import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.OidcTenantConfigBuilder;
import io.quarkus.oidc.TenantConfigResolver;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The OpenID Connect tenant of the console's paths in enforced mode: a web application (authorization-code flow with
 * PKCE) at the default issuer, as the console's own client ({@code datably.console.client-id}). It is made here rather
 * than configured as {@code quarkus.oidc.console.*}: that would read as a Datably tenant with an identity provider of
 * its own ({@code security.SecurityMode}). Quarkus asks this resolver before {@code security.IssuerChoice}, which
 * answers for every other path as before: {@code /api} takes bearer tokens only, never the console's cookie.
 */
@ApplicationScoped
public class ConsoleTenant implements TenantConfigResolver {
    /** The OIDC tenant id (its cookies are {@code q_session_console}, {@code q_auth_console}). */
    static final String ID = "console";
    public static final String BASE = "/console";
    static final String LOGOUT = BASE + "/logout";
    /** Where Quarkus OIDC keeps the tenant a request's cookies name ({@code OidcUtils.TENANT_ID_ATTRIBUTE}). */
    private static final String TENANT_HINT = "tenant-id";
    /**
     * How long after the ID token expires its session may still be renewed with the refresh token (Keycloak keeps an
     * idle session 30 minutes): within it, a session answers a fresh access token without a new sign-in.
     */
    private static final Duration RENEWABLE = Duration.ofMinutes(30);
    /**
     * A session asked for within this long of its tokens' expiry renews them first: the page that asks again before
     * its token expires gets a fresh one, never one that dies on its next API call.
     */
    private static final Duration RENEW_AHEAD = Duration.ofMinutes(1);

    private final Optional<OidcTenantConfig> config;

    public ConsoleTenant(DatablyConfig datably,
                         @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> issuer,
                         @ConfigProperty(name = "quarkus.oidc.token.issuer") Optional<String> tokenIssuer) {
        this.config = issuer.map(url -> build(url, tokenIssuer, datably.console()));
    }

    /** Whether the console signs in here: enforced mode with the default issuer given by URL (not a key alone). */
    boolean available() {
        return config.isPresent();
    }

    /** The console's pages, its session and its logout: {@code /console} and below. */
    public static boolean consolePath(String path) {
        return path != null && (path.equals(BASE) || path.startsWith(BASE + "/"));
    }

    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext context, OidcRequestContext<OidcTenantConfig> request) {
        if (consolePath(context.normalizedPath())) {
            return Uni.createFrom().item(config.orElse(null));
        }
        // Quarkus takes the tenant of a session or sign-in cookie ({@code q_session_console}) as a hint for any path:
        // followed, the console's cookie would sign in an API request (or send it to the issuer). Elsewhere the hint
        // is dropped, and the API's own choice (IssuerChoice, bearer tokens only) stands.
        if (ID.equals(context.get(TENANT_HINT))) {
            context.remove(TENANT_HINT);
        }
        return Uni.createFrom().nullItem();
    }

    private static OidcTenantConfig build(String issuer, Optional<String> tokenIssuer, DatablyConfig.Console console) {
        OidcTenantConfigBuilder builder = OidcTenantConfig.builder().tenantId(ID).authServerUrl(issuer)
                .clientId(console.clientId()).applicationType(ApplicationType.WEB_APP);
        console.clientSecret().ifPresent(builder::credentials);
        var token = builder.token().refreshExpired().refreshTokenTimeSkew(RENEW_AHEAD);
        tokenIssuer.ifPresent(token::issuer);
        token.end();
        // The cookies go to the console's paths only: the API never sees them (no request forgery against /api).
        // A script's request (X-Requested-With: JavaScript) whose session ended gets 499, not a redirect it cannot
        // follow to the issuer: the page reloads instead.
        var authentication = builder.authentication().pkceRequired().cookiePath(BASE).javaScriptAutoRedirect(false)
                .sessionAgeExtension(RENEWABLE);
        console.sessionSecret().ifPresent(authentication::stateSecret);
        authentication.end();
        console.sessionSecret().ifPresent(secret -> builder.tokenStateManager().encryptionSecret(secret).end());
        builder.logout().path(LOGOUT).postLogoutPath(BASE + "/").end();
        return builder.build();
    }
}
