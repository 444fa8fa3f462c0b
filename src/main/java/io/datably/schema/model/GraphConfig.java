package io.datably.schema.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;

/**
 * How a table's records form a graph (issue 15), from the schema's custom property
 * {@code "datably:graph": {"edges": "follows", "source": "follower_id", "target": "followee_id", "weight": "weight"}}:
 * the datatable holding the edges (this table itself for a self-reference), its fields naming each edge's source and
 * target node, and optionally its numeric weight. Where the property is absent the graph is inferred when unambiguous.
 * The parser checks the property's shape; the edges table and its fields are checked when a graph endpoint uses it (it
 * may be created later).
 */
public record GraphConfig(String edges, String source, String target, String weight) {
    public static final String SETTING = "datably:graph";
    public static final Set<String> KEYS = Set.of("edges", "source", "target", "weight");

    /** The declared graph of a schema, if any (a stored schema's property, already checked when it was stored). */
    public static Optional<GraphConfig> of(TableSchema schema) {
        JsonNode setting = schema.descriptor() == null ? null : schema.descriptor().get(SETTING);
        if (setting == null || !setting.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new GraphConfig(setting.path("edges").asText(null), setting.path("source").asText(null),
                setting.path("target").asText(null), setting.path("weight").asText(null)));
    }
}
