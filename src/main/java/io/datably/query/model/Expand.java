package io.datably.query.model;

import java.util.List;

/** A relation to embed ({@code expand=author,comments.author}), with the relations to embed inside it. */
public record Expand(String relation, List<Expand> nested) {
    public Expand {
        nested = List.copyOf(nested);
    }
}
