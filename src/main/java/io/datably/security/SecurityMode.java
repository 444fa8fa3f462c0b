package io.datably.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Local mode (no OpenID Connect issuer configured: every request runs as {@link Caller#LOCAL}, the tenant from
 * {@code X-Tenant} or the default) or enforced mode (every {@code /api} request needs a valid bearer token; the
 * tenant comes from it). One code path serves both: only where the caller and tenant come from differs.
 */
@ApplicationScoped
public class SecurityMode {
    /** Where {@link ModeDefaults} stands among config interceptors: after Quarkus' own (profile, expressions). */
    static final int CONFIG_PRIORITY = 600;
    private static final Logger LOG = Logger.getLogger(SecurityMode.class);

    private final boolean enforced;
    private final String host;
    private final Set<String> ownIssuers;

    public SecurityMode(Config config) {
        boolean issuer = false;
        Set<String> own = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            if (ModeDefaults.issuerSetting(name) && config.getOptionalValue(name, String.class).isPresent()) {
                issuer = true;
                // quarkus.oidc.<tenant>.auth-server-url (the tenant's name may be quoted); not the default's own
                String[] parts = name.split("\\.");
                if (parts.length == 4) {
                    own.add(parts[2].replace("\"", ""));
                }
            }
        }
        this.ownIssuers = Set.copyOf(own);
        this.enforced = issuer || config.getOptionalValue(ModeDefaults.DEFAULT_ISSUER, String.class).isPresent()
                || config.getOptionalValue(ModeDefaults.DEFAULT_KEY, String.class).isPresent();
        this.host = config.getOptionalValue("quarkus.http.host", String.class).orElse("");
    }

    public boolean enforced() {
        return enforced;
    }

    /** The tenants with an identity provider of their own ({@code quarkus.oidc.<tenant>.*}): only it speaks for them.
     */
    Set<String> tenantsWithOwnIssuer() {
        return ownIssuers;
    }

    void announce(@Observes StartupEvent started) {
        if (enforced) {
            LOG.info("Authentication is on (enforced mode): every /api request needs a bearer token of a configured "
                    + "OpenID Connect issuer");
        } else if (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1")) {
            LOG.info("Authentication is off (local mode): no OpenID Connect issuer is configured "
                    + "(quarkus.oidc.auth-server-url), so every request runs as 'local' (role admin), and the server "
                    + "listens on " + host + " only");
        } else {
            LOG.warn("Authentication is off (local mode): no OpenID Connect issuer is configured, and the server "
                    + "listens on " + host + " (quarkus.http.host): anyone who reaches it acts as 'local' (role admin)");
        }
    }
}
