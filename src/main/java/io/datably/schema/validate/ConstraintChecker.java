package io.datably.schema.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import io.datably.schema.model.Constraints;
import io.datably.schema.model.Field;
import java.util.List;
import java.util.function.Consumer;

/**
 * Record-time constraints of one field on a non-null logical value (null passes everything but required, which
 * the caller checks). Row/table-level rules (unique, primaryKey, uniqueKeys, foreignKeys) belong to the store.
 * {@code jsonSchema} is deliberately NOT enforced: that would need a JSON Schema validator library, which we do
 * not pull in; the descriptor parser only checks that it is an object.
 */
final class ConstraintChecker {

    private final Field field;
    private final Pattern pattern;        // compiled once per schema, null when absent
    private final List<JsonNode> categories; // canonical, null when absent

    ConstraintChecker(Field field) {
        this.field = field;
        Constraints c = field.constraints();
        this.pattern = c.pattern() == null ? null : PatternTranslator.compile(c.pattern());
        this.categories = ConstraintsParser.categories(field.descriptor() == null ? Json.NODES.objectNode()
                        : field.descriptor(), "$", field.type(),
                raw -> TypeCasters.cast(field.type(), field.format(), field.descriptor(), raw), new Problems());
    }

    void check(JsonNode value, Consumer<FieldViolation> out) {
        Constraints c = field.constraints();
        String name = field.name();
        if (c.minLength() != null && LogicalValues.length(value) < c.minLength()) {
            out.accept(new FieldViolation(name, "minLength", "length must be at least " + c.minLength()));
        }
        if (c.maxLength() != null && LogicalValues.length(value) > c.maxLength()) {
            out.accept(new FieldViolation(name, "maxLength", "length must be at most " + c.maxLength()));
        }
        range(value, c.minimum(), "minimum", "at least", cmp -> cmp >= 0, out);
        range(value, c.maximum(), "maximum", "at most", cmp -> cmp <= 0, out);
        range(value, c.exclusiveMinimum(), "exclusiveMinimum", "greater than", cmp -> cmp > 0, out);
        range(value, c.exclusiveMaximum(), "exclusiveMaximum", "less than", cmp -> cmp < 0, out);
        if (pattern != null && value.isTextual() && !pattern.matcher(value.textValue()).matches()) {
            out.accept(new FieldViolation(name, "pattern", "value does not match the pattern " + c.pattern()));
        }
        if (c.enumValues() != null && c.enumValues().stream().noneMatch(e -> LogicalValues.equal(e, value))) {
            out.accept(new FieldViolation(name, "enum", "value " + Json.show(value) + " is not one of the enum values"));
        }
        if (categories != null && categories.stream().noneMatch(e -> LogicalValues.equal(e, value))) {
            out.accept(new FieldViolation(name, "categories", "value " + Json.show(value) + " is not a category"));
        }
    }

    private void range(JsonNode value, JsonNode bound, String code, String words,
            java.util.function.IntPredicate ok, Consumer<FieldViolation> out) {
        if (bound == null) {
            return;
        }
        Integer cmp = LogicalValues.compare(field.type(), value, bound);
        // NaN never satisfies a range; other incomparable pairs (month-based durations) are skipped.
        if (LogicalValues.isNaN(value) || (cmp != null && !ok.test(cmp))) {
            out.accept(new FieldViolation(field.name(), code, "value must be " + words + " " + bound.asText()));
        }
    }
}
