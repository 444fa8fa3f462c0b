package io.datably.provider.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.schema.evolution.LiquibaseRunner.ChangeSetSpec;
import io.datably.schema.evolution.SchemaDiff;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import liquibase.change.Change;
import liquibase.change.core.RawSQLChange;

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
    public List<ChangeSetSpec> withCatalogSwitch(MigrationPlan plan) {
        List<ChangeSetSpec> changeSets = new ArrayList<>(plan.changeSets());
        if (catalogSwitch == null || changeSets.isEmpty()) {
            return changeSets;
        }
        var last = changeSets.remove(changeSets.size() - 1);
        List<Change> changes = new ArrayList<>(last.changes());
        changes.add(new RawSQLChange(catalogSwitch));
        changeSets.add(new ChangeSetSpec(last.id(), changes, last.runInTransaction()));
        return changeSets;
    }
}
