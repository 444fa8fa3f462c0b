package io.datably.security;

import io.datably.config.DatablyConfig;
import io.quarkus.oidc.TenantResolver;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which OIDC tenant (issuer and keys) checks a request's token, in enforced mode with per-tenant identity providers
 * ({@code quarkus.oidc.<tenant>.*}): the one named by the host's sub-domain under {@code datably.tenant.domain}; a
 * sub-domain without an identity provider of its own gets the default one. Without a sub-domain, the token's issuer
 * chooses when {@code quarkus.oidc.resolve-tenants-with-issuer} is on; otherwise the default issuer checks it. Never
 * a segment of the request's path, which Quarkus would otherwise try: a table or app named like a tenant must not
 * change whose keys check the token.
 */
@ApplicationScoped
public class IssuerChoice implements TenantResolver {
    /** Quarkus OIDC's id of the default tenant ({@code quarkus.oidc.*} without a tenant name). */
    static final String DEFAULT = "Default";

    private final DatablyConfig config;
    private final boolean byIssuer;

    public IssuerChoice(DatablyConfig config,
                        @ConfigProperty(name = "quarkus.oidc.resolve-tenants-with-issuer", defaultValue = "false")
                        boolean byIssuer) {
        this.config = config;
        this.byIssuer = byIssuer;
    }

    @Override
    public String resolve(RoutingContext context) {
        String host = TokenTenant.hostName(context.request().getHeader("Host"));
        // An unknown OIDC tenant id falls back to the default one; a label that is no tenant id is refused later (403).
        return TokenTenant.label(host, config.tenant().domain()).orElse(byIssuer ? null : DEFAULT);
    }
}
