package io.datably.tenant;

import io.datably.config.DatablyConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Resolves the tenant of every API request. For now: the {@code X-Tenant} header when enabled, else the
 * configured default. OIDC claims and sub-domains come with the security work.
 */
public class TenantFilter {
    public static final String HEADER = "X-Tenant";

    private final TenantContext context;
    private final DatablyConfig config;

    public TenantFilter(TenantContext context, DatablyConfig config) {
        this.context = context;
        this.config = config;
    }

    @ServerRequestFilter
    public void resolve(ContainerRequestContext request) {
        String header = request.getHeaderString(HEADER);
        boolean fromHeader = config.tenant().headerEnabled() && header != null && !header.isBlank();
        context.set(new Tenant(fromHeader ? header.trim() : config.tenant().defaultTenant()));
    }
}
