package io.datably.console;

import io.datably.error.ErrorCode;
import io.datably.error.ProblemMapper;
import io.datably.security.Caller;
import io.datably.security.SecurityMode;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.vertx.http.security.HttpSecurity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code GET /console/session}: who the console's page acts as, and in enforced mode the access token of its sign-in,
 * which the page sends to {@code /api} as any client sends a bearer token (the API checks it as it checks every
 * token: no way in of the console's own). In enforced mode every path of the console needs a sign-in (the
 * authorization-code flow of {@link ConsoleTenant}); in local mode none does.
 *
 * <p>A route of the HTTP layer, not a JAX-RS resource: it is no operation of the API (not in its OpenAPI document, not
 * behind its bearer-token filter). Its answer carries a token: never cached, never shared with another origin (no
 * CORS header; a script's request from another site is refused even where cookies would reach it).
 */
@ApplicationScoped
public class ConsoleSession {
    static final String PATH = ConsoleTenant.BASE + "/session";
    /** The attribute Quarkus OIDC gives an identity: which OIDC tenant signed it in. */
    private static final String OIDC_TENANT = "tenant-id";

    private final SecurityMode mode;
    private final ConsoleTenant tenant;

    public ConsoleSession(SecurityMode mode, ConsoleTenant tenant) {
        this.mode = mode;
        this.tenant = tenant;
    }

    void secure(@Observes HttpSecurity http) {
        if (mode.enforced()) {
            // Without an issuer URL (keys alone) there is no sign-in page to send a browser to: the default tenant
            // then answers 401 to the console's paths, as to any request without a bearer token.
            http.path(ConsoleTenant.BASE, ConsoleTenant.BASE + "/*").authenticated();
        }
    }

    void install(@Observes Router router) {
        router.get(PATH).handler(this::answer);
        // "/console" without its slash: the page's relative addresses (js/app.js, session) resolve under /console/ only.
        router.routeWithRegex(HttpMethod.GET, "^" + ConsoleTenant.BASE + "$").handler(context -> context.redirect(
                ConsoleTenant.BASE + "/"));
    }

    private void answer(RoutingContext context) {
        if (fromAnotherSite(context)) {
            problem(context, ErrorCode.FORBIDDEN, "The console's session is read by the console's own page only");
            return;
        }
        if (!mode.enforced()) {
            json(context, new JsonObject().put("mode", "local").put("user", Caller.LOCAL.id()));
            return;
        }
        Uni<SecurityIdentity> identity = context.get(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
        if (identity == null) {
            unauthenticated(context);
            return;
        }
        identity.subscribe().with(who -> {
            AccessTokenCredential token = who.isAnonymous() ? null : who.getCredential(AccessTokenCredential.class);
            if (token == null || !ConsoleTenant.ID.equals(who.getAttribute(OIDC_TENANT))) {
                unauthenticated(context);
                return;
            }
            JsonObject session = new JsonObject().put("mode", "enforced").put("user", user(who))
                    .put("access_token", token.getToken());
            Long expiry = expiry(token.getToken());
            if (expiry != null) {
                session.put("expires_in", Math.max(0, expiry - System.currentTimeMillis() / 1000));
            }
            json(context, session);
        }, context::fail);
    }

    /** The name a person knows (the ID token's {@code preferred_username}), else the subject. */
    private static String user(SecurityIdentity who) {
        if (who.getPrincipal() instanceof JsonWebToken id) {
            String name = id.getClaim("preferred_username");
            if (name != null && !name.isBlank()) {
                return name;
            }
            if (id.getSubject() != null) {
                return id.getSubject();
            }
        }
        return who.getPrincipal().getName();
    }

    /** The {@code exp} of a JWT access token (epoch seconds), or null for an opaque one. */
    private static Long expiry(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            Object exp = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
                    .getValue("exp");
            return exp instanceof Number number ? number.longValue() : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    /**
     * A script's request from another origin of the same site (a sibling sub-domain) or another site: the browser
     * says so ({@code Sec-Fetch-Site}) and would send the session cookie along. A navigation is let through: its
     * answer is the browser's own page, never the other site's to read.
     */
    private static boolean fromAnotherSite(RoutingContext context) {
        String site = context.request().getHeader("Sec-Fetch-Site");
        return ("cross-site".equals(site) || "same-site".equals(site))
                && !"navigate".equals(context.request().getHeader("Sec-Fetch-Mode"));
    }

    private void unauthenticated(RoutingContext context) {
        problem(context, ErrorCode.UNAUTHENTICATED, tenant.available()
                ? "The console is signed in through its own page (" + ConsoleTenant.BASE + "/: the OpenID Connect "
                        + "authorization-code flow of the default issuer), not by a bearer token"
                : "The console signs in at the default issuer, given by its URL (quarkus.oidc.auth-server-url): "
                        + "none is configured");
    }

    private static void problem(RoutingContext context, ErrorCode code, String detail) {
        noStore(context).setStatusCode(code.status()).putHeader("Content-Type", ProblemMapper.PROBLEM_JSON)
                .end(new JsonObject(ProblemMapper.document(code, code.status(), detail)).encode());
    }

    private static void json(RoutingContext context, JsonObject body) {
        noStore(context).putHeader("Content-Type", "application/json").end(body.encode());
    }

    private static io.vertx.core.http.HttpServerResponse noStore(RoutingContext context) {
        return context.response().putHeader("Cache-Control", "no-store").putHeader("X-Content-Type-Options", "nosniff");
    }
}
