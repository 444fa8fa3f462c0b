package io.datably.security;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import jakarta.annotation.Priority;
import java.util.Iterator;

/**
 * The defaults that make the two security modes safe without a second setting. No OpenID Connect issuer configured
 * (the quick start) is local mode: the OIDC extension's default tenant stays off (it would refuse to start without an
 * issuer) and the HTTP server listens on the loopback interface only, as no request is authenticated. With an issuer
 * (enforced mode), Quarkus' own defaults apply. A value set explicitly always wins. An issuer is configured by its URL
 * ({@code auth-server-url}) or by its verification key alone ({@code public-key}), for the default tenant or a named
 * one: either way tokens are checked, so either way is enforced mode.
 */
@Priority(SecurityMode.CONFIG_PRIORITY)
public class ModeDefaults implements ConfigSourceInterceptor {
    static final String DEFAULT_ISSUER = "quarkus.oidc.auth-server-url";
    static final String DEFAULT_KEY = "quarkus.oidc.public-key";
    private static final String DEFAULT_TENANT_ENABLED = "quarkus.oidc.tenant-enabled";
    private static final String HTTP_HOST = "quarkus.http.host";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue found = context.proceed(name);
        if (!(name.equals(DEFAULT_TENANT_ENABLED) || name.equals(HTTP_HOST)) || explicit(found)) {
            return found;
        }
        if (name.equals(DEFAULT_TENANT_ENABLED)) {
            return value(name, String.valueOf(context.proceed(DEFAULT_ISSUER) != null
                    || context.proceed(DEFAULT_KEY) != null));
        }
        return anyIssuer(context) ? found : value(name, "127.0.0.1");
    }

    /** Set by a user (a file, the environment, a system property), not the extension's own default. */
    private static boolean explicit(ConfigValue value) {
        return value != null && value.getConfigSourceOrdinal() > Integer.MIN_VALUE
                && !String.valueOf(value.getConfigSourceName()).startsWith("DefaultValuesConfigSource");
    }

    /** The default issuer, or one of a named tenant ({@code quarkus.oidc.<tenant>.auth-server-url}). */
    static boolean anyIssuer(ConfigSourceInterceptorContext context) {
        for (Iterator<String> names = context.iterateNames(); names.hasNext(); ) {
            String name = names.next();
            if (issuerSetting(name) && context.proceed(name) != null) {
                return true;
            }
        }
        return context.proceed(DEFAULT_ISSUER) != null || context.proceed(DEFAULT_KEY) != null;
    }

    /** A setting that configures an issuer, of the default OIDC tenant or a named one: its URL or its key. */
    static boolean issuerSetting(String name) {
        return name.startsWith("quarkus.oidc.") && (name.endsWith(".auth-server-url") || name.endsWith(".public-key"));
    }

    private static ConfigValue value(String name, String value) {
        return ConfigValue.builder().withName(name).withValue(value).withConfigSourceName("datably security mode")
                .build();
    }
}
