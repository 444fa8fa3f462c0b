package io.datably.service.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.datably.catalog.DataTable;
import io.datably.service.Json;
import java.time.Instant;

/** A datatable as the API shows it; {@code datasource} is the datasource's slug. */
public record DataTableView(long id, String datasource, String providerType, String name, String description,
                            JsonNode jsonSchema, String physicalTableName,
                            @JsonProperty("is_materialized") boolean isMaterialized, String schemaHash,
                            int schemaVersion, @JsonProperty("is_active") boolean isActive,
                            Instant createdAt, Instant updatedAt) {

    /**
     * What this object is: a schema change answers a datatable or, on a dry run, a {@code MigrationPreview}; SDKs
     * tell them apart by this member (the OpenAPI discriminator, README "Client SDKs").
     */
    @JsonProperty("kind")
    public String kind() {
        return "datatable";
    }

    static DataTableView of(DataTable t) {
        return new DataTableView(t.id, t.datasource.slug, t.datasource.providerType, t.name, t.description,
                Json.parse(t.jsonSchema), t.physicalTableName, t.materialized, t.schemaHash, t.schemaVersion,
                t.active, t.createdAt.toInstant(), t.updatedAt.toInstant());
    }
}
