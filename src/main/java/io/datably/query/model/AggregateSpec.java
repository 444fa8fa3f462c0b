package io.datably.query.model;

import java.util.List;

/** One requested aggregate as written: a function and a field path ({@code null} only for {@code count(*)}). */
public record AggregateSpec(AggregateFunction function, List<String> path) {
    public AggregateSpec {
        path = path == null ? null : List.copyOf(path);
    }
}
