package io.datably.schema.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.schema.model.Constraints;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Validates one field descriptor (FRICTIONLESS.md §8 rules 2-7, 11, 13-15, 19) and builds the {@link Field}. */
final class FieldDescriptorParser {

    private static final Map<FieldType, Set<String>> FORMATS = Map.of(
            FieldType.STRING, Set.of("default", "email", "uri", "binary", "uuid"),
            FieldType.GEOPOINT, Set.of("default", "array", "object"),
            FieldType.GEOJSON, Set.of("default", "topojson"));

    private FieldDescriptorParser() {
    }

    /** The field, or null when it has problems (all of which are added to {@code p}). */
    static Field parse(JsonNode node, String path, List<String> schemaMissingValues, boolean v1, Problems p) {
        if (!node.isObject()) {
            p.add(path, "type", "a field descriptor must be an object");
            return null;
        }
        int before = p.count();
        ObjectNode f = (ObjectNode) node;
        String name = name(f, path, p);
        FieldType type = type(f, path, v1, p);
        String format = format(f, path, type, p);
        boolean optionsOk = type == null || options(f, path, type, p);
        if (f.has("required")) {
            // Not a constraint, just an unknown property; rejected (as the reference does) so it is never silently
            // ignored by someone who meant constraints.required.
            p.add(path + ".required", "misplaced_constraint", "use constraints.required instead of a field-level required");
        }
        List<String> own = missingValues(f.get("missingValues"), path + ".missingValues", v1, p);
        List<String> missing = own != null ? own : schemaMissingValues;
        UnaryOperator<JsonNode> caster = type != null && format != null && optionsOk
                ? raw -> TypeCasters.cast(type, format, f, raw) : null;
        Constraints constraints = ConstraintsParser.parse(f.get("constraints"), path + ".constraints", type, caster, p);
        List<JsonNode> categories = ConstraintsParser.categories(f, path, type, caster, p);
        if (categories != null && constraints.enumValues() != null) {
            for (int j = 0; j < constraints.enumValues().size(); j++) {
                JsonNode value = constraints.enumValues().get(j);
                if (categories.stream().noneMatch(c -> LogicalValues.equal(c, value))) {
                    p.add(path + ".constraints.enum[" + j + "]", "enum_not_in_categories",
                            "enum value " + Json.show(value) + " is not one of the categories");
                }
            }
        }
        JsonNode example = f.get("example");
        if (example != null && caster != null && !example.isNull()
                && !(example.isTextual() && missing.contains(example.textValue()))) {
            try {
                caster.apply(example);
            } catch (IllegalArgumentException e) {
                p.add(path + ".example", "invalid_example", "example does not cast: " + e.getMessage());
            }
        }
        return p.count() == before ? new Field(name, type, format, constraints, missing, f) : null;
    }

    private static String name(ObjectNode f, String path, Problems p) {
        JsonNode name = f.get("name");
        if (name == null) {
            p.add(path + ".name", "required", "a field needs a name");
        } else if (!name.isTextual()) {
            p.add(path + ".name", "type", "name must be a string");
        } else if (name.textValue().isEmpty()) {
            p.add(path + ".name", "empty", "name must not be empty"); // policy: records are keyed by name
        } else {
            return name.textValue();
        }
        return null;
    }

    /** Absent type is any in v2, string under an explicit 1.0 $schema. */
    private static FieldType type(ObjectNode f, String path, boolean v1, Problems p) {
        JsonNode type = f.get("type");
        if (type == null) {
            return v1 ? FieldType.STRING : FieldType.ANY;
        }
        if (!type.isTextual()) {
            p.add(path + ".type", "type", "type must be a string");
            return null;
        }
        return FieldType.fromJsonName(type.textValue()).orElseGet(() -> {
            p.add(path + ".type", "unknown_type", "unknown type '" + type.textValue() + "' (names are lower-case)");
            return null;
        });
    }

    /** The format with a legacy "fmt:" prefix stripped; null when invalid. */
    private static String format(ObjectNode f, String path, FieldType type, Problems p) {
        JsonNode node = f.get("format");
        if (node == null) {
            return "default";
        }
        if (!node.isTextual()) {
            p.add(path + ".format", "type", "format must be a string");
            return null;
        }
        String format = node.textValue().startsWith("fmt:") ? node.textValue().substring(4) : node.textValue();
        if (type == null || type == FieldType.ANY) {
            return format;
        }
        String problem = switch (type) {
            case STRING, GEOPOINT, GEOJSON -> FORMATS.get(type).contains(format) ? null
                    : "allowed: " + String.join(", ", FORMATS.get(type).stream().sorted().toList());
            case DATE, TIME, DATETIME -> format.equals("default") || format.equals("any") ? null : strptime(format);
            default -> format.equals("default") ? null : "only 'default' is allowed";
        };
        if (problem != null) {
            p.add(path + ".format", "format", "format '" + format + "' is not valid for type " + type.jsonName()
                    + " (" + problem + ")");
            return null;
        }
        return format;
    }

    /** Null when the strptime pattern compiles, else the reason. */
    private static String strptime(String format) {
        try {
            StrptimeFormat.of(format);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** Rule 5: type options of the wrong shape. Only options of the field's own type are checked. */
    private static boolean options(ObjectNode f, String path, FieldType type, Problems p) {
        int before = p.count();
        switch (type) {
            case BOOLEAN -> {
                stringList(f.get("trueValues"), path + ".trueValues", p);
                stringList(f.get("falseValues"), path + ".falseValues", p);
            }
            case NUMBER, INTEGER -> {
                if (type == FieldType.NUMBER) {
                    nonEmptyString(f, "decimalChar", path, p);
                }
                nonEmptyString(f, "groupChar", path, p);
                if (f.has("bareNumber") && !f.get("bareNumber").isBoolean()) {
                    p.add(path + ".bareNumber", "type", "bareNumber must be a boolean");
                }
                if (p.count() == before && f.has("groupChar")
                        && Json.text(f, "decimalChar", ".").equals(f.get("groupChar").textValue())) {
                    p.add(path + ".groupChar", "invalid_value", "groupChar must differ from decimalChar");
                }
            }
            case LIST -> {
                nonEmptyString(f, "delimiter", path, p);
                JsonNode item = f.get("itemType");
                if (item != null && !(item.isTextual() && FieldType.fromJsonName(item.textValue())
                        .filter(TypeCasters.LIST_ITEM_TYPES::contains).isPresent())) {
                    p.add(path + ".itemType", "invalid_value",
                            "itemType must be one of string, integer, number, boolean, date, time, datetime");
                }
            }
            default -> { }
        }
        return p.count() == before;
    }

    private static void stringList(JsonNode v, String path, Problems p) {
        if (v == null) {
            return;
        }
        if (!v.isArray() || v.isEmpty()) {
            p.add(path, v.isArray() ? "empty" : "type", "must be a non-empty array of strings");
            return;
        }
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                p.add(path + "[" + i + "]", "type", "must be a string");
            }
        }
    }

    private static void nonEmptyString(ObjectNode f, String name, String path, Problems p) {
        JsonNode v = f.get(name);
        if (v != null && (!v.isTextual() || v.textValue().isEmpty())) {
            p.add(path + "." + name, v.isTextual() ? "empty" : "type", name + " must be a non-empty string");
        }
    }

    /**
     * Rule 7 / 18: strings or (v2) {value, label} objects; returns the plain values, null when absent or invalid.
     * Shared by the schema level and the field level.
     */
    static List<String> missingValues(JsonNode v, String path, boolean v1, Problems p) {
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            p.add(path, "type", "missingValues must be an array");
            return null;
        }
        int before = p.count();
        List<String> values = new ArrayList<>();
        Set<String> objectValues = new HashSet<>();
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            String ip = path + "[" + i + "]";
            if (item.isTextual()) {
                values.add(item.textValue());
            } else if (item.isObject()) {
                if (v1) {
                    p.add(ip, "unsupported_in_v1", "object missingValues are a v2 feature, but $schema is 1.0");
                }
                JsonNode value = item.get("value");
                JsonNode label = item.get("label");
                if (value == null || !value.isTextual()) {
                    p.add(ip + ".value", value == null ? "required" : "type", "value must be a string");
                } else if (!objectValues.add(value.textValue())) {
                    p.add(ip + ".value", "duplicate_value", "duplicate missing value " + Json.show(value));
                } else {
                    values.add(value.textValue());
                }
                if (label != null && !label.isTextual()) {
                    p.add(ip + ".label", "type", "label must be a string");
                } else if (label != null && !labels.add(label.textValue())) {
                    p.add(ip + ".label", "duplicate_value", "duplicate label " + Json.show(label));
                }
            } else {
                p.add(ip, "type", "a missing value must be a string (even for numeric fields)");
            }
        }
        return p.count() == before ? values : null;
    }
}
