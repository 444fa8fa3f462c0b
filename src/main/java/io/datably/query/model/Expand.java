package io.datably.query.model;

import java.util.List;

/**
 * A relation to embed ({@code expand=author,comments:5.author}), with the relations to embed inside it.
 *
 * @param limit at most this many related records (to-many relations), or null for the default
 */
public record Expand(String relation, Integer limit, List<Expand> nested) {
    public Expand {
        nested = List.copyOf(nested);
    }
}
