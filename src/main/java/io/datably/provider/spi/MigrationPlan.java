package io.datably.provider.spi;

import io.datably.schema.evolution.LiquibaseRunner.ChangeSetSpec;
import java.util.List;

/**
 * What a provider will do for a {@link Migration}: Liquibase changesets (PostgreSQL providers; their YAML and SQL are
 * shown by {@code dry_run} and kept in the history), and for stores without Liquibase the steps in words.
 *
 * @param convertsRecords whether applying the plan carries the stored records to the new schema itself (ALTER TABLE;
 *                        one UPDATE or updateMany that moves fields); when false, the service rewrites each record
 *                        whose stored form changes before applying it
 */
public record MigrationPlan(List<ChangeSetSpec> changeSets, String changelog, String sql, List<String> steps,
                            boolean convertsRecords) {
    public MigrationPlan {
        changeSets = List.copyOf(changeSets);
        steps = List.copyOf(steps);
    }
}
