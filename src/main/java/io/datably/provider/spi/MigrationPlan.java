package io.datably.provider.spi;

import io.datably.schema.evolution.LiquibaseRunner.ChangeSetSpec;
import java.util.List;

/**
 * What a provider will do for a {@link Migration}: Liquibase changesets (PostgreSQL providers; their YAML and SQL are
 * shown by {@code dry_run} and kept in the history), and for stores without Liquibase the steps in words.
 */
public record MigrationPlan(List<ChangeSetSpec> changeSets, String changelog, String sql, List<String> steps) {
    public MigrationPlan {
        changeSets = List.copyOf(changeSets);
        steps = List.copyOf(steps);
    }
}
