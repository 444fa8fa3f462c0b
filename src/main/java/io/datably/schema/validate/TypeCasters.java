package io.datably.schema.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.datably.schema.model.FieldType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One cast function per type: physical JSON value to canonical logical value. Every failure is an
 * IllegalArgumentException with a message fit for an API error. Missing values are handled by the caller, so
 * {@code raw} here is never null; per our input policy, JSON kinds are never coerced beyond the FRICTIONLESS.md §7
 * table (no number to string, no 0/1 to boolean, no epoch to date).
 */
final class TypeCasters {

    private static final List<String> TRUE_VALUES = List.of("true", "True", "TRUE", "1");
    private static final List<String> FALSE_VALUES = List.of("false", "False", "FALSE", "0");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    // Deliberately simple (no full RFC 5322): one '@', no whitespace, a dotted domain.
    private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@.]+(?:\\.[^\\s@.]+)+");
    private static final Pattern URI_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:\\S+");
    static final List<FieldType> LIST_ITEM_TYPES = List.of(FieldType.STRING, FieldType.INTEGER, FieldType.NUMBER,
            FieldType.BOOLEAN, FieldType.DATE, FieldType.TIME, FieldType.DATETIME);

    private TypeCasters() {
    }

    /** Casts a non-missing physical value; {@code options} is the field descriptor (type options live there). */
    static JsonNode cast(FieldType type, String format, JsonNode options, JsonNode raw) {
        JsonNode value = raw == null ? NullNode.getInstance() : raw;
        if (value.isNull() && type != FieldType.ANY) {
            throw new IllegalArgumentException("null is not a " + type.jsonName());
        }
        return switch (type) {
            case STRING -> string(format, value);
            case INTEGER -> NumberCasters.integer(value, options);
            case NUMBER -> NumberCasters.number(value, options);
            case YEAR -> NumberCasters.year(value);
            case BOOLEAN -> bool(value, options);
            case OBJECT -> embedded(value, true);
            case ARRAY -> embedded(value, false);
            case LIST -> list(value, options);
            case DATE -> TemporalCasters.date(format, value);
            case TIME -> TemporalCasters.time(format, value);
            case DATETIME -> TemporalCasters.datetime(format, value);
            case YEARMONTH -> TemporalCasters.yearmonth(value);
            case DURATION -> TemporalCasters.duration(value);
            case GEOPOINT -> GeoCasters.geopoint(format, value);
            case GEOJSON -> GeoCasters.geojson(format, value);
            case ANY -> value; // v2: no processing at all
        };
    }

    private static JsonNode string(String format, JsonNode raw) {
        if (!raw.isTextual()) {
            throw new IllegalArgumentException("expected a string, got " + NumberCasters.kind(raw));
        }
        String s = raw.textValue();
        boolean ok = switch (format) {
            case "email" -> EMAIL.matcher(s).matches();
            case "uri" -> isAbsoluteUri(s);
            case "binary" -> isBase64(s);
            case "uuid" -> UUID.matcher(s).matches();
            default -> true;
        };
        if (!ok) {
            throw new IllegalArgumentException("not a valid " + format + ": " + Json.show(raw));
        }
        if (format.equals("binary") && s.length() % 4 != 0) {
            // Canonical form is padded; clients (PHP-CRUD-API's among them) often leave the padding out.
            return com.fasterxml.jackson.databind.node.TextNode.valueOf(s + "=".repeat(4 - s.length() % 4));
        }
        return raw;
    }

    private static boolean isAbsoluteUri(String s) {
        if (!URI_SCHEME.matcher(s).matches()) {
            return false;
        }
        try {
            return new URI(s).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Strict RFC 4648 base64 (Python's lenient decoder would accept "@@@@"; we do not). */
    /** Standard base64, padding optional (a length of 1 modulo 4 is never valid). */
    private static boolean isBase64(String s) {
        if (s.length() % 4 == 1) {
            return false;
        }
        try {
            Base64.getDecoder().decode(s.length() % 4 == 0 ? s : s + "=".repeat(4 - s.length() % 4));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static JsonNode bool(JsonNode raw, JsonNode options) {
        if (raw.isBoolean()) {
            return raw;
        }
        if (raw.isTextual()) {
            // Custom lists replace the defaults; matching is exact (case-sensitive, no trimming).
            if (values(options, "trueValues", TRUE_VALUES).contains(raw.textValue())) {
                return BooleanNode.TRUE;
            }
            if (values(options, "falseValues", FALSE_VALUES).contains(raw.textValue())) {
                return BooleanNode.FALSE;
            }
        }
        throw new IllegalArgumentException("not a boolean: " + Json.show(raw));
    }

    private static List<String> values(JsonNode options, String name, List<String> dflt) {
        JsonNode v = options == null ? null : options.get(name);
        if (v == null || !v.isArray()) {
            return dflt;
        }
        List<String> out = new ArrayList<>();
        v.forEach(item -> out.add(item.asText()));
        return out;
    }

    /** object / array: the native JSON kind, or JSON text of the same kind. */
    private static JsonNode embedded(JsonNode raw, boolean object) {
        JsonNode v = raw.isTextual() ? Json.parse(raw.textValue()) : raw;
        if (object ? !v.isObject() : !v.isArray()) {
            throw new IllegalArgumentException("expected " + (object ? "an object" : "an array") + ", got "
                    + Json.show(raw));
        }
        return v;
    }

    /** list: a delimited string or (policy) a native array; one bad item makes the whole value invalid. */
    private static JsonNode list(JsonNode raw, JsonNode options) {
        FieldType itemType = FieldType.fromJsonName(Json.text(options, "itemType", "string")).orElse(FieldType.STRING);
        List<JsonNode> items = new ArrayList<>();
        if (raw.isArray()) {
            raw.forEach(items::add);
        } else if (raw.isTextual()) {
            String delimiter = Json.text(options, "delimiter", ",");
            for (String part : raw.textValue().split(Pattern.quote(delimiter), -1)) {
                items.add(Json.NODES.textNode(part));
            }
        } else {
            throw new IllegalArgumentException("expected a list (delimited string or array), got "
                    + NumberCasters.kind(raw));
        }
        ArrayNode out = Json.NODES.arrayNode(items.size());
        for (int i = 0; i < items.size(); i++) {
            try {
                // Items use the default lexical form of the item type: no format, no type options.
                out.add(cast(itemType, "default", null, items.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("list item " + i + ": " + e.getMessage());
            }
        }
        return out;
    }
}
