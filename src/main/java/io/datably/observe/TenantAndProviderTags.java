package io.datably.observe;

import io.micrometer.core.instrument.Tags;
import io.quarkus.micrometer.runtime.HttpServerMetricsTagsContributor;
import jakarta.inject.Singleton;

/**
 * Tags {@code http_server_requests_seconds} with the request's tenant and provider ("none" where a request has none:
 * health, metrics, the catalog), beside Quarkus' own method, status and route template (never the raw URL).
 */
@Singleton
public class TenantAndProviderTags implements HttpServerMetricsTagsContributor {
    private static final String NONE = "none";

    @Override
    public Tags contribute(Context context) {
        return Tags.of("tenant", valueOf(context.requestContextLocalData(RequestTags.TENANT)),
                "provider", valueOf(context.requestContextLocalData(RequestTags.PROVIDER)));
    }

    private static String valueOf(Object value) {
        return value == null ? NONE : value.toString();
    }
}
