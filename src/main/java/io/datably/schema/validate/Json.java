package io.datably.schema.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;

/** Small JSON helpers shared by the casters and the descriptor parser. */
final class Json {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    // Embedded JSON text (object/array/geojson/geopoint given as strings) is parsed exactly: decimals keep their
    // digits and scale, and "{} junk" is an error rather than silently truncated.
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private Json() {
    }

    /** Parses JSON text, throwing IllegalArgumentException (the casters' failure signal) when it is not JSON. */
    static JsonNode parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("empty JSON text");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON text: " + e.getOriginalMessage());
        }
    }

    /** The exact decimal value of a JSON number node; NaN/Infinity doubles have none. */
    static BigDecimal decimal(JsonNode number) {
        if (number.isIntegralNumber()) {
            return new BigDecimal(number.bigIntegerValue());
        }
        if (number.isBigDecimal()) {
            return number.decimalValue();
        }
        double d = number.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("not a finite number: " + number.asText());
        }
        // Via the shortest decimal text, so 0.1 stays 0.1 instead of its binary expansion.
        return new BigDecimal(number.asText());
    }

    /** A text option of a field descriptor, or the default when absent. */
    static String text(JsonNode options, String name, String dflt) {
        JsonNode v = options == null ? null : options.get(name);
        return v != null && v.isTextual() ? v.textValue() : dflt;
    }

    /** Short, bounded rendering of a value for error messages (never echo megabytes back). */
    static String show(JsonNode value) {
        String s = value == null ? "null" : value.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
