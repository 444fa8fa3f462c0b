package io.datably.schema.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.schema.model.Constraints;
import io.datably.schema.model.FieldType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Validates a field's {@code constraints} and {@code categories} (FRICTIONLESS.md §8 rules 6, 11, 13-16) and casts
 * their values with the field's own type and format, so the model holds canonical values.
 */
final class ConstraintsParser {

    private static final Set<FieldType> ORDERED = EnumSet.of(FieldType.INTEGER, FieldType.NUMBER, FieldType.DATE,
            FieldType.TIME, FieldType.DATETIME, FieldType.YEAR, FieldType.YEARMONTH, FieldType.DURATION);
    // geojson and list follow the 2.0 profile (it lists min/maxLength for them), the more permissive source.
    private static final Set<FieldType> SIZED = EnumSet.of(FieldType.STRING, FieldType.ARRAY, FieldType.OBJECT,
            FieldType.LIST, FieldType.GEOJSON);
    private static final Set<FieldType> ALL = EnumSet.allOf(FieldType.class);
    private static final Map<String, Set<FieldType>> APPLIES_TO = Map.ofEntries(
            Map.entry("required", ALL), Map.entry("unique", ALL), Map.entry("enum", ALL),
            Map.entry("minLength", SIZED), Map.entry("maxLength", SIZED),
            Map.entry("minimum", ORDERED), Map.entry("maximum", ORDERED),
            Map.entry("exclusiveMinimum", ORDERED), Map.entry("exclusiveMaximum", ORDERED),
            Map.entry("pattern", EnumSet.of(FieldType.STRING)),
            Map.entry("jsonSchema", EnumSet.of(FieldType.OBJECT, FieldType.ARRAY)));

    private final JsonNode node;
    private final String path;
    private final FieldType type;
    private final UnaryOperator<JsonNode> caster;
    private final Problems problems;

    private ConstraintsParser(JsonNode node, String path, FieldType type, UnaryOperator<JsonNode> caster,
            Problems problems) {
        this.node = node;
        this.path = path;
        this.type = type;
        this.caster = caster;
        this.problems = problems;
    }

    /**
     * @param type   null when the field's type is invalid (only shapes are checked then)
     * @param caster null when values cannot be cast (invalid type, format or type options)
     */
    static Constraints parse(JsonNode node, String path, FieldType type, UnaryOperator<JsonNode> caster, Problems p) {
        if (node == null) {
            return Constraints.NONE;
        }
        if (!node.isObject()) {
            p.add(path, "type", "constraints must be an object");
            return Constraints.NONE;
        }
        return new ConstraintsParser(node, path, type, caster, p).parse();
    }

    private Constraints parse() {
        Constraints c = new Constraints(flag("required"), flag("unique"), length("minLength"), length("maxLength"),
                bound("minimum"), bound("maximum"), bound("exclusiveMinimum"), bound("exclusiveMaximum"),
                pattern(), enumValues(), jsonSchema());
        checkRanges(c);
        return c;
    }

    /** The constraint's value, or null when absent or (after reporting it) not applicable to the type. */
    private JsonNode get(String name) {
        JsonNode v = node.get(name);
        if (v != null && type != null && !APPLIES_TO.get(name).contains(type)) {
            problems.add(path + "." + name, "constraint_not_applicable",
                    name + " does not apply to type " + type.jsonName());
            return null;
        }
        return v;
    }

    private boolean flag(String name) {
        JsonNode v = get(name);
        if (v != null && !v.isBoolean()) {
            problems.add(path + "." + name, "type", name + " must be a boolean");
        }
        return v != null && v.isBoolean() && v.booleanValue();
    }

    private Integer length(String name) {
        JsonNode v = get(name);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            problems.add(path + "." + name, "type", name + " must be an integer");
            return null;
        }
        if (v.intValue() < 0) {
            problems.add(path + "." + name, "invalid_constraint_value", name + " must not be negative");
            return null;
        }
        return v.intValue();
    }

    private JsonNode bound(String name) {
        JsonNode v = get(name);
        JsonNode cast = v == null ? null : cast(v, path + "." + name, name);
        if (cast != null && LogicalValues.isNaN(cast)) {
            problems.add(path + "." + name, "invalid_constraint_value", "NaN cannot bound a range");
            return null;
        }
        return cast;
    }

    private String pattern() {
        JsonNode v = get("pattern");
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            problems.add(path + ".pattern", "type", "pattern must be a string");
            return null;
        }
        try {
            PatternTranslator.compile(v.textValue());
        } catch (IllegalArgumentException e) {
            problems.add(path + ".pattern", "invalid_pattern", "pattern does not compile: " + e.getMessage());
        }
        return v.textValue();
    }

    private List<JsonNode> enumValues() {
        JsonNode v = get("enum");
        if (v == null) {
            return null;
        }
        String p = path + ".enum";
        if (!v.isArray()) {
            problems.add(p, "type", "enum must be an array");
            return null;
        }
        if (v.isEmpty()) {
            problems.add(p, "empty", "enum must not be empty");
            return null;
        }
        int strings = 0;
        for (JsonNode item : v) {
            strings += item.isTextual() ? 1 : 0;
        }
        if (type != FieldType.ANY && strings > 0 && strings < v.size()) {
            problems.add(p, "mixed_enum", "enum must be all strings or all native values of the type");
            return null;
        }
        return castAll(v, p, "enum");
    }

    private JsonNode jsonSchema() {
        JsonNode v = get("jsonSchema");
        if (v != null && !v.isObject()) {
            problems.add(path + ".jsonSchema", "type", "jsonSchema must be an object");
            return null;
        }
        return v;
    }

    /** minimum > maximum (or equal with an exclusive bound), minLength > maxLength. */
    private void checkRanges(Constraints c) {
        if (c.minLength() != null && c.maxLength() != null && c.minLength() > c.maxLength()) {
            problems.add(path, "unsatisfiable_range", "minLength is greater than maxLength");
        }
        if (type == null) {
            return;
        }
        JsonNode[] lows = {c.minimum(), c.exclusiveMinimum()};
        JsonNode[] highs = {c.maximum(), c.exclusiveMaximum()};
        for (int l = 0; l < 2; l++) {
            for (int h = 0; h < 2; h++) {
                if (lows[l] == null || highs[h] == null) {
                    continue;
                }
                Integer cmp = LogicalValues.compare(type, lows[l], highs[h]);
                if (cmp != null && (cmp > 0 || (cmp == 0 && (l == 1 || h == 1)))) {
                    problems.add(path, "unsatisfiable_range", "no value can satisfy both "
                            + (l == 0 ? "minimum" : "exclusiveMinimum") + " and "
                            + (h == 0 ? "maximum" : "exclusiveMaximum"));
                }
            }
        }
    }

    /** Categories (v2): values or {value, label} objects; returns the canonical values, null when absent. */
    static List<JsonNode> categories(JsonNode field, String path, FieldType type, UnaryOperator<JsonNode> caster,
            Problems p) {
        JsonNode ordered = field.get("categoriesOrdered");
        if (ordered != null && !ordered.isBoolean()) {
            p.add(path + ".categoriesOrdered", "type", "categoriesOrdered must be a boolean");
        }
        JsonNode c = field.get("categories");
        String cp = path + ".categories";
        if (c == null) {
            return null;
        }
        if (type != null && type != FieldType.STRING && type != FieldType.INTEGER) {
            p.add(cp, "constraint_not_applicable", "categories apply only to string and integer fields");
            return null;
        }
        if (!c.isArray() || c.isEmpty()) {
            p.add(cp, c.isArray() ? "empty" : "type", "categories must be a non-empty array");
            return null;
        }
        // Reuses the enum machinery (cast each value, report duplicates) for the category values.
        ConstraintsParser parser = new ConstraintsParser(field, path, type, caster, p);
        List<JsonNode> raw = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (int j = 0; j < c.size(); j++) {
            JsonNode item = c.get(j);
            if (!item.isObject()) {
                raw.add(item);
                continue;
            }
            String ip = cp + "[" + j + "]";
            JsonNode label = item.get("label");
            if (label != null && !label.isTextual()) {
                p.add(ip + ".label", "type", "a category label must be a string");
            } else if (label != null && !labels.add(label.textValue())) {
                p.add(ip + ".label", "duplicate_value", "duplicate category label " + Json.show(label));
            }
            if (item.get("value") == null) {
                p.add(ip + ".value", "required", "a category object needs a value");
            }
            raw.add(item.path("value"));
        }
        return parser.castAll(Json.NODES.arrayNode().addAll(raw), cp, "category");
    }

    /** Casts each item (reporting failures at its index) and reports duplicates among the logical values. */
    private List<JsonNode> castAll(JsonNode array, String p, String what) {
        List<JsonNode> values = new ArrayList<>();
        for (int j = 0; j < array.size(); j++) {
            JsonNode item = array.get(j);
            if (item.isMissingNode()) { // a category object without value, already reported
                continue;
            }
            JsonNode cast = cast(item, p + "[" + j + "]", what);
            if (cast == null && caster != null) {
                continue;
            }
            JsonNode value = cast == null ? item : cast;
            if (values.stream().anyMatch(seen -> LogicalValues.equal(seen, value))) {
                problems.add(p + "[" + j + "]", "duplicate_value", "duplicate " + what + " value " + Json.show(item));
            }
            values.add(value);
        }
        return values;
    }

    /** The canonical value, or null (after reporting) when it does not cast; null too when casting is impossible. */
    private JsonNode cast(JsonNode raw, String p, String what) {
        if (caster == null) {
            return null;
        }
        try {
            return caster.apply(raw);
        } catch (IllegalArgumentException e) {
            problems.add(p, "invalid_constraint_value", what + " value " + Json.show(raw) + " is not a valid "
                    + type.jsonName() + ": " + e.getMessage());
            return null;
        }
    }
}
