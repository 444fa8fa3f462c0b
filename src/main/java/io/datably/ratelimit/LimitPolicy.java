package io.datably.ratelimit;

import io.datably.security.SecurityMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Whether requests are limited, and each caller's limits: the defaults, then its tenant's settings, then its roles'
 * (the most generous of its roles for each value). Every configured limit is checked at start-up, so that a bad value
 * stops the service there rather than a request later.
 */
@ApplicationScoped
class LimitPolicy {
    private static final Logger LOG = Logger.getLogger(LimitPolicy.class);

    private final boolean enabled;
    private final RateLimitConfig config;
    private final Limits defaults;

    LimitPolicy(RateLimitConfig config, SecurityMode mode) {
        this.config = config;
        this.enabled = config.enabled().orElse(mode.enforced());
        this.defaults = limits("datably.rate-limit", config.requests(), config.writeBurst());
        config.tenants().forEach((tenant, override) -> apply(defaults, override, "datably.rate-limit.tenants.\""
                + tenant + "\""));
        config.roles().forEach((role, override) -> apply(defaults, override, "datably.rate-limit.roles.\""
                + role + "\""));
    }

    boolean enabled() {
        return enabled;
    }

    /** The limits of a request no principal was found for (limited by client address). */
    Limits defaults() {
        return defaults;
    }

    /** The limits of a caller of {@code tenant} holding {@code roles}. */
    Limits limits(String tenant, Set<String> roles) {
        Limits limits = defaults;
        RateLimitConfig.Override ofTenant = config.tenants().get(tenant);
        if (ofTenant != null) {
            limits = apply(limits, ofTenant, null);
        }
        OptionalInt requests = mostGenerous(roles, RateLimitConfig.Override::requests);
        OptionalInt writeBurst = mostGenerous(roles, RateLimitConfig.Override::writeBurst);
        return new Limits(requests.orElse(limits.requests()), writeBurst.orElse(limits.writeBurst()), limits.window());
    }

    private OptionalInt mostGenerous(Set<String> roles, Function<RateLimitConfig.Override, OptionalInt> value) {
        Map<String, RateLimitConfig.Override> byRole = config.roles();
        return roles.stream().map(byRole::get).filter(o -> o != null).map(value)
                .filter(OptionalInt::isPresent).mapToInt(OptionalInt::getAsInt).max();
    }

    private Limits apply(Limits base, RateLimitConfig.Override override, String where) {
        return limits(where, override.requests().orElse(base.requests()),
                override.writeBurst().orElse(base.writeBurst()));
    }

    private Limits limits(String where, int requests, int writeBurst) {
        try {
            return new Limits(requests, writeBurst, config.window());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((where == null ? "" : where + ": ") + e.getMessage(), e);
        }
    }

    void announce(@Observes StartupEvent started) {
        if (enabled) {
            LOG.infof("Rate limits are on: %s per caller, writes in bursts of at most %d (%d tenant and %d role "
                    + "settings), counted in Redis (quarkus.redis.hosts) for every instance", defaults.rate(),
                    defaults.writeBurst(), config.tenants().size(), config.roles().size());
        } else {
            LOG.debug("Rate limits are off (datably.rate-limit.enabled; off by default in local mode)");
        }
    }
}
