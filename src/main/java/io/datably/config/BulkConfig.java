package io.datably.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Bulk changes by filter, under {@code datably.bulk.*} (environment: {@code DATABLY_BULK_...}). */
@ConfigMapping(prefix = "datably.bulk")
public interface BulkConfig {

    /**
     * The most records one bulk change ({@code PATCH} or {@code DELETE records/?<filters>}) may touch; a filter that
     * matches more is refused (409) before anything is written, so a forgotten filter cannot rewrite a whole table.
     */
    @WithDefault("100000")
    long maxRecords();
}
