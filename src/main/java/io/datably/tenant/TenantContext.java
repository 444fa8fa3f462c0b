package io.datably.tenant;

import io.datably.observe.RequestTags;

import jakarta.enterprise.context.RequestScoped;

/** The tenant of the current request, set once by {@code security.Authentication} before any resource runs. */
@RequestScoped
public class TenantContext {
    private Tenant tenant;

    public Tenant tenant() {
        if (tenant == null) {
            throw new IllegalStateException("Tenant not resolved for this request");
        }
        return tenant;
    }

    public void set(Tenant tenant) {
        this.tenant = tenant;
        RequestTags.tenant(tenant.id()); // the request's metrics are tagged with it
    }
}
