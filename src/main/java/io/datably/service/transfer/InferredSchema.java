package io.datably.service.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A proposed table schema: {@code json_schema} can be POSTed as a new datatable's {@code json_schema}; how many rows
 * it was judged by, and notes on what the proposal cannot know (a cut sample, keys unique only in the sample).
 */
public record InferredSchema(JsonNode jsonSchema, long rowsRead, List<String> notes) {
}
