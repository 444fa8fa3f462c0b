package io.datably.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * Cross-origin requests from browsers (CORS), under {@code datably.cors.*} (environment: {@code DATABLY_CORS_...}),
 * for the native API and TreeQL alike. The defaults answer as PHP-CRUD-API's CORS middleware does (its fixtures 041
 * and 042). Quarkus' own {@code quarkus.http.cors.*} cannot: it joins lists without spaces and answers {@code *} to
 * an allowed wildcard origin, where PHP-CRUD-API's clients get the origin echoed and credentials allowed.
 */
@ConfigMapping(prefix = "datably.cors")
public interface CorsConfig {

    /**
     * The origins allowed ({@code https://app.example.com}; {@code *} for any). Unset: any in local mode, none in
     * enforced (OpenID Connect) mode, where a browser page of another origin must be allowed by name.
     */
    Optional<List<String>> allowedOrigins();

    /** Answered in a preflight's {@code Access-Control-Allow-Methods}, as written. */
    @WithDefault("OPTIONS, GET, PUT, POST, DELETE, PATCH")
    String allowedMethods();

    /**
     * Answered in a preflight's {@code Access-Control-Allow-Headers}, as written: PHP-CRUD-API's list by default; add
     * {@code Authorization} for bearer tokens (enforced mode) and {@code X-Tenant} where pages choose the tenant.
     */
    @WithDefault("Content-Type, X-XSRF-TOKEN, X-Authorization, X-API-Key")
    String allowedHeaders();

    /** {@code Access-Control-Expose-Headers} of every answer to an allowed origin; empty: none. */
    Optional<String> exposedHeaders();

    /** {@code Access-Control-Allow-Credentials: true} (cookies and authorization headers may be sent). */
    @WithDefault("true")
    boolean allowCredentials();

    /** How long, in seconds, a browser may keep a preflight's answer ({@code Access-Control-Max-Age}). */
    @WithDefault("1728000")
    long maxAge();
}
