package io.datably.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.schema.model.Constraints;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import java.util.Set;

/**
 * What a field's schema says beyond its type, in OpenAPI 3.0's words, for both OpenAPI documents (the native
 * per-app one and TreeQL's): title, description and constraints, so a generated client checks what the service
 * would refuse.
 */
public final class OpenApiFields {
    private static final Set<FieldType> NUMERIC = Set.of(FieldType.INTEGER, FieldType.NUMBER, FieldType.YEAR);

    private OpenApiFields() {
    }

    /** The field's title, description and constraints on its property schema {@code p}. */
    public static void annotate(ObjectNode p, Field f) {
        if (f.descriptor() != null && f.descriptor().path("title").isTextual()) {
            p.put("title", f.descriptor().get("title").textValue());
        }
        description(p, f.descriptor());
        constraints(p, f);
    }

    /** A descriptor's {@code description}, when it has one. */
    public static void description(ObjectNode p, JsonNode descriptor) {
        if (descriptor != null && descriptor.path("description").isTextual()) {
            p.put("description", descriptor.get("description").textValue());
        }
    }

    /**
     * Frictionless constraints in OpenAPI 3.0's words: bounds on numbers only (a date's bounds have no OpenAPI
     * keyword, and the service checks them), lengths as items for collections, the pattern anchored (Frictionless
     * patterns match the whole value, OpenAPI's any part of it), exclusive bounds as 3.0's boolean flags.
     */
    public static void constraints(ObjectNode p, Field f) {
        Constraints c = f.constraints();
        boolean collection = f.type() == FieldType.ARRAY || f.type() == FieldType.LIST;
        if (c.minLength() != null && (collection || f.type() == FieldType.STRING)) {
            p.put(collection ? "minItems" : "minLength", c.minLength());
        }
        if (c.maxLength() != null && (collection || f.type() == FieldType.STRING)) {
            p.put(collection ? "maxItems" : "maxLength", c.maxLength());
        }
        if (NUMERIC.contains(f.type())) {
            bound(p, "minimum", "exclusiveMinimum", c.minimum(), c.exclusiveMinimum(), true);
            bound(p, "maximum", "exclusiveMaximum", c.maximum(), c.exclusiveMaximum(), false);
        }
        if (c.pattern() != null && f.type() == FieldType.STRING) {
            p.put("pattern", "^(?:" + c.pattern() + ")$");
        }
        if (c.enumValues() != null && !c.enumValues().isEmpty()) {
            ArrayNode values = p.putArray("enum");
            c.enumValues().forEach(values::add);
        }
    }

    /** The tighter of an inclusive and an exclusive bound (both may be given). */
    private static void bound(ObjectNode p, String inclusiveKey, String exclusiveKey, JsonNode inclusive,
                              JsonNode exclusive, boolean lower) {
        boolean useExclusive = exclusive != null && exclusive.isNumber() && (inclusive == null || !inclusive.isNumber()
                || (lower ? exclusive.decimalValue().compareTo(inclusive.decimalValue()) >= 0
                        : exclusive.decimalValue().compareTo(inclusive.decimalValue()) <= 0));
        if (useExclusive) {
            p.set(inclusiveKey, exclusive);
            p.put(exclusiveKey, true);
        } else if (inclusive != null && inclusive.isNumber()) {
            p.set(inclusiveKey, inclusive);
        }
    }
}
