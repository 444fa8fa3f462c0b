package io.datably.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Reads JSON text that the service itself stored (catalog columns), where a parse failure is a bug, not input. */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private Json() {
    }

    /** How many elements the JSON array {@code text} has, read without building them (a page as the store wrote it). */
    public static int arraySize(String text) {
        try (com.fasterxml.jackson.core.JsonParser parser = MAPPER.getFactory().createParser(text)) {
            parser.nextToken();
            int size = 0;
            while (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
                parser.skipChildren();
                size++;
            }
            return size;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Stored JSON is unreadable", e);
        }
    }

    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is unreadable", e);
        }
    }
}
