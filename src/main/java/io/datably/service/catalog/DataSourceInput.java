package io.datably.service.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** Body of datasource create / change requests; for a change (PATCH) absent fields stay as they are. */
public record DataSourceInput(String name, String slug, String providerType, JsonNode providerConfig,
                              String description, @JsonProperty("is_active") Boolean isActive) {
}
