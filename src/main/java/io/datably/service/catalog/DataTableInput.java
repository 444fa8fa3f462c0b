package io.datably.service.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Body of datatable create / change requests; {@code materialize} (default true) applies to create only;
 * {@code backfill} (field → value) fills fields without a value when a schema change of a materialized table
 * needs it (a field that becomes required, a new required field).
 */
public record DataTableInput(String name, String description, JsonNode jsonSchema, Boolean materialize,
                             @JsonProperty("is_active") Boolean isActive, Map<String, JsonNode> backfill) {
}
