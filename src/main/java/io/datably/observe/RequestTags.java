package io.datably.observe;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * What a request's HTTP metrics are tagged with besides its route template: the tenant, and the provider that served
 * it. Kept in the request's Vert.x context (where {@link TenantAndProviderTags} reads them when the response ends),
 * not in a request-scoped bean: the metrics are recorded after the request scope has ended.
 */
public final class RequestTags {
    static final String TENANT = "datably.metrics.tenant";
    static final String PROVIDER = "datably.metrics.provider";

    private RequestTags() {
    }

    public static void tenant(String tenant) {
        put(TENANT, tenant);
    }

    public static void provider(String providerType) {
        put(PROVIDER, providerType);
    }

    private static void put(String key, String value) {
        Context context = Vertx.currentContext();
        if (context != null && value != null) {
            context.putLocal(key, value);
        }
    }
}
