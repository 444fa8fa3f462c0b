package io.datably.schema.model;

import java.util.List;

/** A foreign key; {@code resource} is {@code null} for a self-reference (v1 {@code ""} or v2 absent). */
public record ForeignKey(List<String> fields, String resource, List<String> referenceFields) {

    public ForeignKey {
        fields = List.copyOf(fields);
        referenceFields = List.copyOf(referenceFields);
        resource = resource == null || resource.isEmpty() ? null : resource;
    }

    /** True when the key references this same table. */
    public boolean selfReference() {
        return resource == null;
    }
}
