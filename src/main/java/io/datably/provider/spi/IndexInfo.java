package io.datably.provider.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One index of a table as the store's catalog describes it.
 *
 * @param name         the user's name; for indexes not made through the API, the store's name
 * @param physicalName the store's own name of the index
 * @param type         the access method ({@code btree}, {@code gin}, ...) or MongoDB's kind ({@code single},
 *                     {@code compound}, {@code text}, ...)
 * @param fields       the schema fields it covers, where they can be read back from the store
 * @param where        the predicate of a partial index (SQL text, or a MongoDB filter document), or null
 * @param definition   the store's full definition ({@code pg_get_indexdef}, or MongoDB's key document)
 * @param managed      made by the service for the schema (keys, unique constraints, search, references) or
 *                     outside Datably: listed, never dropped through the API
 * @param valid        usable by queries (PostgreSQL marks a failed concurrent build invalid)
 */
public record IndexInfo(String name, String physicalName, String type, List<String> fields, boolean unique,
                        JsonNode where, JsonNode definition, boolean managed, boolean valid) {
    public IndexInfo {
        fields = List.copyOf(fields);
    }
}
