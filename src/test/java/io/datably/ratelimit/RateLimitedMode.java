package io.datably.ratelimit;

import io.datably.security.EnforcedMode;
import java.util.HashMap;
import java.util.Map;

/**
 * Enforced mode with rate limits left at their default there (on), and small limits so that tests are quick: 5
 * requests per 15 s (a token every 3 s: a burst of a few requests is over well before one comes back), write bursts
 * of 2; tenant {@value #RICH} gets 50 requests and bursts of 20;
 * role {@code reporter} 40 requests, {@code trial} 3, {@code importer} bursts of 30.
 */
public class RateLimitedMode extends EnforcedMode {
    public static final String RICH = "ratelimitrich";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.remove(RATE_LIMITS);
        config.put("datably.rate-limit.requests", "5");
        config.put("datably.rate-limit.window", "15s");
        config.put("datably.rate-limit.write-burst", "2");
        config.put("datably.rate-limit.tenants.\"" + RICH + "\".requests", "50");
        config.put("datably.rate-limit.tenants.\"" + RICH + "\".write-burst", "20");
        config.put("datably.rate-limit.roles.reporter.requests", "40");
        config.put("datably.rate-limit.roles.trial.requests", "3");
        config.put("datably.rate-limit.roles.importer.write-burst", "30");
        return config;
    }
}
