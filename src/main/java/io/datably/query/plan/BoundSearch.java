package io.datably.query.plan;

import io.datably.schema.model.Field;
import java.util.List;

/**
 * Full-text search: the user's terms (web-search syntax), the string fields searched, the text-search language,
 * and whether results are ordered by relevance (only when the client asked for no ordering).
 */
public record BoundSearch(String terms, List<Field> fields, String language, boolean ranked) {
    public BoundSearch {
        fields = List.copyOf(fields);
    }

    public BoundSearch(String terms, List<Field> fields, String language) {
        this(terms, fields, language, false);
    }
}
