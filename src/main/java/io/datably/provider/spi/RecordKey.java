package io.datably.provider.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A record's primary key: canonical values in {@code primaryKey} order (one value for a single-field key). */
public record RecordKey(List<JsonNode> values) {
    public RecordKey {
        values = List.copyOf(values);
    }
}
