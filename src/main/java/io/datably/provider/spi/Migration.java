package io.datably.provider.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.schema.evolution.SchemaDiff;
import java.util.Map;

/**
 * A schema change of one materialized table, as a provider carries it out: the table before and after, the diff
 * between them, the backfill values (canonical, by new field name) for fields without a value, and the schema
 * version it produces (part of the changeset ids, so a changelog is never applied twice).
 */
public record Migration(TableDescriptor before, TableDescriptor after, SchemaDiff diff,
                        Map<String, JsonNode> backfill, int version) {
    public Migration {
        backfill = Map.copyOf(backfill);
    }
}
