package io.datably.schema.model;

import java.util.Locale;
import java.util.Optional;

/** The Frictionless Table Schema field types (v1 and v2, including the v2 {@code list}). */
public enum FieldType {
    STRING, NUMBER, INTEGER, BOOLEAN, OBJECT, ARRAY, LIST, DATE, TIME, DATETIME,
    YEAR, YEARMONTH, DURATION, GEOPOINT, GEOJSON, ANY;

    private final String jsonName = name().toLowerCase(Locale.ROOT);

    /** The name used in descriptors, e.g. {@code "yearmonth"}. */
    public String jsonName() {
        return jsonName;
    }

    /** Exact, case-sensitive lookup: the spec only knows the lower-case names. */
    public static Optional<FieldType> fromJsonName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (FieldType type : values()) {
            if (type.jsonName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
