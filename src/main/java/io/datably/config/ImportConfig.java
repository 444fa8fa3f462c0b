package io.datably.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Imports ({@code POST .../imports/}), under {@code datably.import.*} (environment: {@code DATABLY_IMPORT_...}). */
@ConfigMapping(prefix = "datably.import")
public interface ImportConfig {

    /**
     * The largest import body (request body or multipart file), apart from every other route's
     * {@code datably.http.max-body-size}: an import is streamed to a temporary file, never held in memory. Quarkus'
     * own outer bound ({@code quarkus.http.limits.max-body-size}) follows it.
     */
    @WithDefault("1G")
    @WithConverter(MemorySizeConverter.class)
    MemorySize maxBodySize();

    /** Import jobs ({@code ?async=true} or {@code Prefer: respond-async}). */
    Jobs jobs();

    interface Jobs {
        /**
         * How many jobs one instance keeps (running and finished); when full, the oldest finished one is forgotten,
         * and when every kept job is still running a new one is refused (503 with {@code Retry-After}).
         */
        @WithDefault("100")
        int max();

        /** How long a finished job stays visible. */
        @WithDefault("1h")
        Duration retention();
    }
}
