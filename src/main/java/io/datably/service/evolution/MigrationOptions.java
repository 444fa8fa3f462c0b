package io.datably.service.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * How a schema change of a materialized table may proceed: {@code dry_run} (report, change nothing),
 * {@code allow_destructive} (clear values the new schema rejects, drop fields that hold data), and backfill values
 * (raw, by new field name) for fields without a value.
 */
public record MigrationOptions(boolean dryRun, boolean allowDestructive, Map<String, JsonNode> backfill) {
    public static final MigrationOptions DEFAULT = new MigrationOptions(false, false, Map.of());

    public MigrationOptions {
        backfill = Map.copyOf(backfill);
    }
}
