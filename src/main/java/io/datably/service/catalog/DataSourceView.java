package io.datably.service.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.datably.catalog.DataSource;
import io.datably.service.Json;
import java.time.Instant;

/** A datasource as the API shows it; {@code app} is the app's slug. */
public record DataSourceView(long id, String app, String name, String slug, String providerType,
                             JsonNode providerConfig, String description, long tableCount,
                             @JsonProperty("is_active") boolean isActive, Instant createdAt, Instant updatedAt) {

    static DataSourceView of(DataSource ds, long tableCount) {
        return new DataSourceView(ds.id, ds.app.slug, ds.name, ds.slug, ds.providerType,
                Json.parse(ds.providerConfig), ds.description, tableCount, ds.active,
                ds.createdAt.toInstant(), ds.updatedAt.toInstant());
    }
}
