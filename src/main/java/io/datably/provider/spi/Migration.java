package io.datably.provider.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.schema.evolution.SchemaDiff;
import java.util.Map;

/**
 * A schema change of one materialized table, as a provider carries it out: the table before and after, the diff
 * between them, the backfill values (canonical, by new field name) for fields without a value, and the schema
 * version it produces (part of the changeset ids, so a changelog is never applied twice).
 *
 * @param catalogSwitch the SQL statement that switches the catalog to the new schema: a provider whose changes run
 *                      in a transaction on the catalog's database runs it in that same transaction, so no request
 *                      ever sees the new table with the old schema (or the reverse); null in previews
 */
public record Migration(TableDescriptor before, TableDescriptor after, SchemaDiff diff,
                        Map<String, JsonNode> backfill, int version, String catalogSwitch) {
    public Migration {
        backfill = Map.copyOf(backfill);
    }

    /** The changesets of {@code plan} with the catalog switch added to the last one, as they are applied. */
    public java.util.List<io.datably.schema.evolution.LiquibaseRunner.ChangeSetSpec> withCatalogSwitch(
            MigrationPlan plan) {
        var changeSets = new java.util.ArrayList<>(plan.changeSets());
        if (catalogSwitch == null || changeSets.isEmpty()) {
            return changeSets;
        }
        var last = changeSets.remove(changeSets.size() - 1);
        var changes = new java.util.ArrayList<>(last.changes());
        changes.add(new liquibase.change.core.RawSQLChange(catalogSwitch));
        changeSets.add(new io.datably.schema.evolution.LiquibaseRunner.ChangeSetSpec(last.id(), changes,
                last.runInTransaction()));
        return changeSets;
    }
}
