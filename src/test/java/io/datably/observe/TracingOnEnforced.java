package io.datably.observe;

import io.datably.security.EnforcedMode;
import java.util.HashMap;
import java.util.Map;

/** Enforced mode (OpenID Connect, the real Cerbos PDP) with tracing on, as {@link TracingOn}. */
public class TracingOnEnforced extends EnforcedMode {
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> settings = new HashMap<>(super.getConfigOverrides());
        settings.putAll(TracingOn.SETTINGS);
        return settings;
    }
}
