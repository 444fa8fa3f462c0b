package io.datably.service.treeql;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.service.Json;

/** JSON for the TreeQL resource: exact decimals, as the service reads every body. */
public final class TreeQlJson {
    private TreeQlJson() {
    }

    /** @throws IllegalArgumentException when the text is not JSON */
    public static JsonNode parse(String text) {
        try {
            return Json.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
    }
}
