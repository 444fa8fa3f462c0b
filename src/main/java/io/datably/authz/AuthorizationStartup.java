package io.datably.authz;

import io.datably.security.SecurityMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Enforced mode never runs without policies: with an issuer configured and no PDP, the service refuses to start
 * rather than let every authenticated caller do anything in their tenant. The log says which way it runs.
 */
@ApplicationScoped
public class AuthorizationStartup {
    private static final Logger LOG = Logger.getLogger(AuthorizationStartup.class);

    void check(@Observes StartupEvent started, SecurityMode mode, AuthzConfig config) {
        if (config.cerbosUrl().isPresent()) {
            LOG.infof("Authorization is on: the Cerbos PDP at %s decides every request (fail closed)",
                    config.cerbosUrl().get());
        } else if (mode.enforced()) {
            throw new IllegalStateException("Enforced mode needs a policy decision point: set datably.authz.cerbos-url"
                    + " (DATABLY_AUTHZ_CERBOS_URL) to the Cerbos PDP's HTTP address, e.g. http://127.0.0.1:3592");
        } else {
            LOG.info("Authorization is off (local mode without datably.authz.cerbos-url): the local caller may do "
                    + "anything");
        }
    }
}
