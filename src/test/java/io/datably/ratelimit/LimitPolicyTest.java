package io.datably.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datably.security.SecurityMode;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each caller's limits from the settings: defaults, then the tenant's, then its roles' (the most generous). */
class LimitPolicyTest {

    private static LimitPolicy policy(Map<String, String> settings) {
        // Quarkus' own converter reads "1m", "5s"
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(RateLimitConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new MapBackedConfigSource("test", new HashMap<>(settings)) {
                }).build();
        return new LimitPolicy(config.getConfigMapping(RateLimitConfig.class), new SecurityMode(config));
    }

    private static final Map<String, String> SETTINGS = Map.of(
            "datably.rate-limit.requests", "100",
            "datably.rate-limit.write-burst", "10",
            "datably.rate-limit.tenants.\"acme\".requests", "1000",
            "datably.rate-limit.tenants.\"acme\".write-burst", "50",
            "datably.rate-limit.roles.importer.write-burst", "200",
            "datably.rate-limit.roles.trial.requests", "20",
            "datably.rate-limit.roles.reporter.requests", "500");

    @Test
    void tenantThenRolesTheMostGenerousRoleForEachValue() {
        LimitPolicy policy = policy(SETTINGS);
        assertEquals(limits(100, 10), policy.limits("globex", Set.of("viewer")));
        assertEquals(limits(1000, 50), policy.limits("acme", Set.of()));
        assertEquals(limits(20, 50), policy.limits("acme", Set.of("trial")));
        assertEquals(limits(500, 200), policy.limits("acme", Set.of("trial", "reporter", "importer")));
        assertEquals(limits(100, 10), policy.defaults());
    }

    @Test
    void offInLocalModeUnlessSwitchedOn() {
        assertFalse(policy(SETTINGS).enabled());
        assertTrue(policy(Map.of("datably.rate-limit.enabled", "true")).enabled());
        assertTrue(policy(Map.of("quarkus.oidc.public-key", "key")).enabled());
        assertFalse(policy(Map.of("quarkus.oidc.public-key", "key", "datably.rate-limit.enabled", "false")).enabled());
    }

    @Test
    void aValueBelowOneIsRefusedNamingItsSetting() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> policy(Map.of("datably.rate-limit.roles.\"bots\".write-burst", "0")));
        assertTrue(refused.getMessage().startsWith("datably.rate-limit.roles.\"bots\": Rate limits need at least"),
                refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> policy(Map.of("datably.rate-limit.window", "0s")));
    }

    private static Limits limits(int requests, int writeBurst) {
        return new Limits(requests, writeBurst, Duration.ofMinutes(1));
    }
}
