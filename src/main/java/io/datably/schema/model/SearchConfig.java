package io.datably.schema.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Full-text search settings of a table, from the schema's custom property
 * {@code "datably:search": {"fields": [...], "language": "english"}}: the string fields searched (default: all string
 * fields) and the PostgreSQL text-search configuration (default {@code simple}: no stemming, fits any language).
 * Both the query and the search index are built from this, so they always match.
 */
public record SearchConfig(List<Field> fields, String language) {
    /** PostgreSQL's built-in text-search configurations; anything else falls back to {@code simple}. */
    public static final Set<String> LANGUAGES = Set.of("simple", "arabic", "armenian", "basque", "catalan",
            "danish", "dutch", "english", "finnish", "french", "german", "greek", "hindi", "hungarian", "indonesian",
            "irish", "italian", "lithuanian", "nepali", "norwegian", "portuguese", "romanian", "russian", "serbian",
            "spanish", "swedish", "tamil", "turkish", "yiddish");

    public SearchConfig {
        fields = List.copyOf(fields);
    }

    public static SearchConfig of(TableSchema schema) {
        JsonNode settings = schema.descriptor() == null ? null : schema.descriptor().get("datably:search");
        List<Field> fields = new ArrayList<>();
        if (settings != null && settings.path("fields").isArray()) {
            settings.path("fields").forEach(name -> schema.field(name.asText())
                    .filter(f -> f.type() == FieldType.STRING).ifPresent(fields::add));
        } else {
            schema.fields().stream().filter(f -> f.type() == FieldType.STRING).forEach(fields::add);
        }
        String language = settings == null ? "simple" : settings.path("language").asText("simple");
        return new SearchConfig(fields, LANGUAGES.contains(language) ? language : "simple");
    }
}
