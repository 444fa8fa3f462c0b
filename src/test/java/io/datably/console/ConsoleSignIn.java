package io.datably.console;

import io.datably.security.EnforcedMode;
import java.util.HashMap;
import java.util.Map;

/**
 * Enforced mode against the mock issuer, whose code flow signs in {@code alice}: her tokens name no tenant and carry
 * her roles in {@code groups}. A single-tenant install, so that her access token is taken by the API as it is. The
 * mock's token endpoint wants the client's secret (its ID token names the client of the Basic credentials): the
 * console is a confidential client here; a public one is signed in by scripts/keycloak-e2e.sh.
 */
public class ConsoleSignIn extends EnforcedMode {
    static final String TENANT = "console_test";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("datably.console.client-secret", "console-secret");
        config.put("datably.console.session-secret", "a-console-session-secret-of-32-characters-or-more");
        config.put("datably.tenant.single-tenant", TENANT);
        config.put("datably.security.role-claims", "groups");
        return config;
    }
}
