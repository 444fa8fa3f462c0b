package io.datably.query.plan;

import io.datably.schema.model.Field;
import java.util.List;

/** Full-text search: the user's terms (web-search syntax), the string fields searched, the text-search language. */
public record BoundSearch(String terms, List<Field> fields, String language) {
    public BoundSearch {
        fields = List.copyOf(fields);
    }
}
