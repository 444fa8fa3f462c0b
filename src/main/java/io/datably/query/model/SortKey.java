package io.datably.query.model;

import java.util.List;

/** One ordering key: a field path, its direction, and where nulls go (DEFAULT: the store's default, nulls last ascending). */
public record SortKey(List<String> path, boolean descending, Nulls nulls) {
    public SortKey {
        path = List.copyOf(path);
    }

    /** Placement of nulls. */
    public enum Nulls { DEFAULT, FIRST, LAST }
}
