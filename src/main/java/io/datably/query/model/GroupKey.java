package io.datably.query.model;

import java.util.List;

/** One group-by key as written: a field path, optionally bucketed ({@code created_at:month}); bucket may be null. */
public record GroupKey(List<String> path, DateBucket bucket) {
    public GroupKey {
        path = List.copyOf(path);
    }
}
