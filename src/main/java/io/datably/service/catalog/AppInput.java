package io.datably.service.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of app create / replace / change requests; for a change (PATCH) absent fields stay as they are. */
public record AppInput(String name, String slug, String description, @JsonProperty("is_active") Boolean isActive) {
}
