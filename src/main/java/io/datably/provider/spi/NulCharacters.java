package io.datably.provider.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.ProblemItem;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds NUL characters (U+0000) in records: valid JSON, but PostgreSQL text and jsonb cannot hold them anywhere,
 * and BSON cannot hold them in keys. Providers use it to answer a 400 naming the field instead of failing.
 */
public final class NulCharacters {
    private NulCharacters() {
    }

    /** One problem per top-level field whose value holds a NUL (in keys, and in text too when {@code inText}). */
    public static List<ProblemItem> problems(ObjectNode record, boolean inText, String message) {
        List<ProblemItem> problems = new ArrayList<>();
        record.properties().forEach(e -> {
            if (contains(e.getValue(), inText)) {
                problems.add(new ProblemItem(e.getKey(), "nul_character", message));
            }
        });
        return problems;
    }

    private static boolean contains(JsonNode value, boolean inText) {
        if (value.isTextual()) {
            return inText && value.textValue().indexOf('\0') >= 0;
        }
        for (var entry : value.properties()) {
            if (entry.getKey().indexOf('\0') >= 0 || contains(entry.getValue(), inText)) {
                return true;
            }
        }
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (contains(item, inText)) {
                    return true;
                }
            }
        }
        return false;
    }
}
