package io.datably.api.http;

import io.datably.config.CorsConfig;
import io.datably.console.ConsoleTenant;
import io.datably.security.SecurityMode;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * CORS as PHP-CRUD-API answers it, for every path (native API and TreeQL): a request with an {@code Origin} the
 * settings allow gets the origin echoed in {@code Access-Control-Allow-Origin} (and credentials allowed); a preflight
 * ({@code OPTIONS} with an {@code Origin}) is answered here, 200 with the allowed methods, headers and max age, before
 * authentication (browsers send preflights without credentials). An origin not allowed: its preflight is 403, its
 * other requests run without CORS headers, so the browser keeps the answer from the page. The console's paths never
 * answer CORS: only its own origin's page reads them.
 */
@ApplicationScoped
public class CorsFilter {
    /** Before the routes and before Quarkus' own handlers that may answer (body limits, authentication). */
    private static final int PRIORITY = 2000;

    private final CorsConfig config;
    private final List<String> origins;

    public CorsFilter(CorsConfig config, SecurityMode mode) {
        this.config = config;
        this.origins = config.allowedOrigins().orElse(mode.enforced() ? List.of() : List.of("*"));
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String origin = request.getHeader("Origin");
        // The console is its own origin's page: another origin gets none of its answers (its session holds a token).
        if (origin == null || ConsoleTenant.consolePath(context.normalizedPath())) {
            context.next();
            return;
        }
        HttpServerResponse response = context.response();
        boolean allowed = allows(origin);
        if (request.method() == HttpMethod.OPTIONS) {
            if (!allowed) {
                response.setStatusCode(403).end();
                return;
            }
            response.putHeader("Access-Control-Allow-Headers", config.allowedHeaders())
                    .putHeader("Access-Control-Allow-Methods", config.allowedMethods())
                    .putHeader("Access-Control-Max-Age", String.valueOf(config.maxAge()));
            allowOrigin(response, origin);
            response.setStatusCode(200).end();
            return;
        }
        if (allowed) {
            allowOrigin(response, origin);
        }
        context.next();
    }

    private void allowOrigin(HttpServerResponse response, String origin) {
        if (config.allowCredentials()) {
            response.putHeader("Access-Control-Allow-Credentials", "true");
        }
        response.putHeader("Access-Control-Allow-Origin", origin);
        config.exposedHeaders().filter(h -> !h.isBlank())
                .ifPresent(h -> response.putHeader("Access-Control-Expose-Headers", h));
        response.putHeader("Vary", "Origin");
    }

    /** Exactly one of the configured origins (case-insensitively, as browsers send them), or any with {@code *}. */
    private boolean allows(String origin) {
        for (String allowedOrigin : origins) {
            String trimmed = allowedOrigin.strip();
            if (trimmed.equals("*") || trimmed.equalsIgnoreCase(origin)) {
                return true;
            }
        }
        return false;
    }
}
