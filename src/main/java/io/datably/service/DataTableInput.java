package io.datably.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** Body of datatable create / change requests; {@code materialize} (default true) applies to create only. */
public record DataTableInput(String name, String description, JsonNode jsonSchema, Boolean materialize,
                             @JsonProperty("is_active") Boolean isActive) {
}
