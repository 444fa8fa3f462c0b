package io.datably.schema.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Deterministic JSON text (keys sorted recursively, no whitespace) and its SHA-256, e.g. for schema hashes. */
public final class CanonicalJson {

    // A private mapper: the app-wide one may be configured with indentation or other features.
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Sorting by code point, not by String.compareTo: UTF-16 code-unit order puts supplementary characters before
     * U+E000..U+FFFF, which would differ from other languages' canonical forms.
     */
    static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    };

    private CanonicalJson() {
    }

    /** Object keys sorted recursively by code point, no whitespace, numbers as Jackson writes them. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(sorted(node == null ? JsonNodeFactory.instance.nullNode() : node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise JSON tree", e);
        }
    }

    /** Lowercase hex SHA-256 of {@link #write(JsonNode)} encoded as UTF-8. */
    public static String sha256Hex(JsonNode node) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(write(node).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory on every JVM", e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
            entries.addAll(node.properties());
            entries.sort(Map.Entry.comparingByKey(CODE_POINT_ORDER));
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> e : entries) {
                copy.set(e.getKey(), sorted(e.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(item -> copy.add(sorted(item)));
            return copy;
        }
        return node;
    }
}
