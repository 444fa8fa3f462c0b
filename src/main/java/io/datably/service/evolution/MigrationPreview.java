package io.datably.service.evolution;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.datably.schema.evolution.Breakage;
import java.util.List;

/**
 * What a schema change would do ({@code dry_run=true}): the changes found, the Liquibase changelog (YAML) and the SQL
 * it runs (PostgreSQL providers) or the steps (MongoDB), the existing records it would break, and whether it would be
 * applied with the options given.
 */
public record MigrationPreview(boolean dryRun, List<String> changes, String changelog, String sql, List<String> steps,
                               long recordsChecked, List<Breakage> breaking, boolean wouldApply) {
    public MigrationPreview {
        changes = List.copyOf(changes);
        steps = List.copyOf(steps);
        breaking = List.copyOf(breaking);
    }

    /** Tells a preview from the datatable a change answers otherwise (the OpenAPI discriminator). */
    @JsonProperty("kind")
    public String kind() {
        return "migration_preview";
    }
}
