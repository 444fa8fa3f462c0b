package io.datably.service.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.List;

/**
 * The order of node keys wherever a walk breaks ties (neighbours taken in key order, lexicographic paths): numbers by
 * value, text by code point (as PostgreSQL's {@code COLLATE "C"} and MongoDB compare it), other values by their JSON
 * text. Every provider answers the same order.
 */
final class KeyOrder {
    static final Comparator<JsonNode> KEYS = KeyOrder::compare;
    /** Paths compared element by element, a prefix first. */
    static final Comparator<List<JsonNode>> PATHS = KeyOrder::compare;

    private KeyOrder() {
    }

    static int compare(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        String x = a.isTextual() ? a.textValue() : a.toString();
        String y = b.isTextual() ? b.textValue() : b.toString();
        return codePoints(x, y);
    }

    static int compare(List<JsonNode> a, List<JsonNode> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int codePoints(String x, String y) {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int a = x.codePointAt(i);
            int b = y.codePointAt(j);
            if (a != b) {
                return Integer.compare(a, b);
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Integer.compare(x.length() - i, y.length() - j);
    }
}
