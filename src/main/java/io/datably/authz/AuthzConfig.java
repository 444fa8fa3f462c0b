package io.datably.authz;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Authorization by a Cerbos policy decision point (PDP), under {@code datably.authz.*}. */
@ConfigMapping(prefix = "datably.authz")
public interface AuthzConfig {
    /**
     * The PDP's HTTP address ({@code DATABLY_AUTHZ_CERBOS_URL}), e.g. {@code http://127.0.0.1:3592}. Required in
     * enforced mode; in local mode, unset means no authorization (the quick start), set means the local caller's
     * requests are decided by the policies too.
     */
    Optional<String> cerbosUrl();

    /** How long one decision may take before the request is answered 503 (fail closed). */
    @WithDefault("2s")
    Duration timeout();

    /**
     * How long a caller's decision on a scope and action (a row filter, a catalog permission) is reused. The PDP
     * reloads edited policies within seconds; this adds at most as much to the time an edit takes effect.
     */
    @WithDefault("10s")
    Duration decisionTtl();

    /** How many decisions are kept for reuse (least recently used go first). */
    @WithDefault("10000")
    long decisionCacheSize();
}
