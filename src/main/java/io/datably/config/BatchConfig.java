package io.datably.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Atomic batches ({@code POST .../datasources/{ds}/batch/}), under {@code datably.batch.*} ({@code DATABLY_BATCH_...}). */
@ConfigMapping(prefix = "datably.batch")
public interface BatchConfig {

    /**
     * The most operations one batch may list; more is a 400 naming {@code operations} before anything is read or
     * written. A batch holds one PostgreSQL connection and transaction for all of them, so it stays bounded.
     */
    @WithDefault("1000")
    int maxOperations();
}
