package io.datably.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The audit trail of record changes, under {@code datably.audit.*} (environment: {@code DATABLY_AUDIT_...}). */
@ConfigMapping(prefix = "datably.audit")
public interface AuditConfig {

    /**
     * How long entries are kept ({@code 365d}, {@code P2Y} is not a Duration: give days); unset, they are kept for
     * good. Older entries are deleted every {@link #pruneEvery()}.
     */
    Optional<Duration> retention();

    /** How often entries past the retention are deleted (on every instance; deleting twice is harmless). */
    @WithDefault("1h")
    Duration pruneEvery();
}
