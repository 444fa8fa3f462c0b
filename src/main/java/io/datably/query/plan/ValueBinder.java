package io.datably.query.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.query.model.Condition;
import io.datably.query.model.Op;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Checks that an operator applies to a field's type and casts the filter's value(s) to the shape the operator
 * compares (see {@link BoundCondition.Compare}). Values are cast with the schema's own caster, so a filter accepts
 * exactly the forms a record would.
 */
final class ValueBinder {
    private static final Set<FieldType> TEXT = EnumSet.of(FieldType.STRING, FieldType.YEARMONTH, FieldType.DURATION);
    private static final Set<FieldType> COLLECTIONS = EnumSet.of(FieldType.ARRAY, FieldType.LIST);
    private static final Set<FieldType> OBJECTS = EnumSet.of(FieldType.OBJECT, FieldType.GEOJSON, FieldType.ANY);
    private static final Set<FieldType> TEMPORAL = EnumSet.of(FieldType.DATE, FieldType.DATETIME);
    /** The comparisons where a date given for a datetime field stands for its whole day (see {@link WholeDays}). */
    private static final Set<Op> WHOLE_DAYS = EnumSet.of(Op.EQ, Op.EXACT, Op.NE, Op.GT, Op.GTE, Op.LT, Op.LTE,
            Op.RANGE, Op.IN, Op.NIN);
    /** Decimals as written (1e400000 is not a double's Infinity; 0.10 keeps its scale), as in record bodies. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final QueryPlanner.Target target;

    ValueBinder(QueryPlanner.Target target) {
        this.target = target;
    }

    /** Binds a comparison on {@code fieldName} of the target; {@code name} is the filter as written, for errors. */
    BoundCondition bind(Condition.Compare compare, String fieldName, String name) {
        Field field = QueryPlanner.field(target.schema(), List.of(fieldName), name);
        Op op = compare.op();
        if (!target.capabilities().operators().contains(op)) {
            throw new DatablyException(ErrorCode.UNSUPPORTED_BY_PROVIDER, "Filter '" + name + "': operator '"
                    + op.token() + "' is not supported by the " + target.providerType() + " provider",
                    List.of(new io.datably.error.ProblemItem(name, "unsupported", "operator '" + op.token()
                            + "' is not supported by the " + target.providerType() + " provider")));
        }
        if (WHOLE_DAYS.contains(op) && WholeDays.apply(field, compare.value())) {
            requirePresent(name, field, compare.value());
            return WholeDays.bind(name, field, op, compare.value(), v -> typed(name, field, v),
                    v -> storable(name, field, v));
        }
        return new BoundCondition.Compare(field, op, values(name, field, op, compare.value()));
    }

    private static boolean hasNul(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\u0000') >= 0;
        }
        for (var it = node.fields(); it.hasNext(); ) {
            var entry = it.next();
            if (entry.getKey().indexOf('\u0000') >= 0 || hasNul(entry.getValue())) {
                return true;
            }
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (hasNul(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A value to compare: not null (isnull finds nulls), and without the NUL character. */
    private static void requirePresent(String name, Field field, JsonNode raw) {
        if (raw == null || raw.isNull()) {
            throw DatablyException.invalidParameter(name, "needs a value (to find nulls, use '"
                    + field.name() + "__isnull=true')");
        }
        if (hasNul(raw)) {
            // PostgreSQL text cannot hold it (no stored value can contain it), and one rule keeps providers alike.
            throw DatablyException.invalidParameter(name, "contains the NUL character (\\u0000), which no stored "
                    + "value can hold");
        }
    }

    private List<JsonNode> values(String name, Field field, Op op, JsonNode raw) {
        requirePresent(name, field, raw);
        return switch (op) {
            case EQ, NE, EXACT -> List.of(typed(name, field, raw));
            case GT, GTE, LT, LTE -> {
                requireOrdered(name, field, op);
                yield List.of(typed(name, field, raw));
            }
            case IN, NIN -> list(name, raw, 1).stream().map(v -> typed(name, field, v)).toList();
            case RANGE -> {
                requireOrdered(name, field, op);
                List<JsonNode> bounds = list(name, raw, 2);
                if (bounds.size() != 2) {
                    throw DatablyException.invalidParameter(name, "takes exactly two values: low,high");
                }
                yield bounds.stream().map(v -> typed(name, field, v)).toList();
            }
            case ISNULL -> List.of(bool(name, raw));
            case IEXACT, CONTAINS, ICONTAINS, STARTSWITH, ISTARTSWITH, ENDSWITH, IENDSWITH -> {
                requireType(name, field, op, TEXT);
                yield List.of(TextNode.valueOf(text(name, raw)));
            }
            case LIKE, ILIKE -> {
                requireType(name, field, op, TEXT);
                yield List.of(TextNode.valueOf(like(name, text(name, raw))));
            }
            case REGEX, IREGEX -> {
                requireType(name, field, op, TEXT);
                yield List.of(TextNode.valueOf(regex(name, text(name, raw))));
            }
            case YEAR, MONTH, DAY -> {
                requireType(name, field, op, TEMPORAL);
                yield List.of(datePart(name, op, raw));
            }
            case DATE -> {
                requireType(name, field, op, TEMPORAL);
                yield List.of(date(name, raw));
            }
            case HAS -> {
                requireType(name, field, op, COLLECTIONS);
                yield List.of(item(name, field, raw));
            }
            case HASANY, HASALL -> {
                requireType(name, field, op, COLLECTIONS);
                yield list(name, raw, 1).stream().map(v -> item(name, field, v)).toList();
            }
            case HASKEY -> {
                requireType(name, field, op, OBJECTS);
                yield List.of(TextNode.valueOf(text(name, raw)));
            }
        };
    }

    /** A value of the field's own type, cast like a record value would be. */
    private JsonNode typed(String name, Field field, JsonNode raw) {
        JsonNode value;
        try {
            value = target.caster().castValue(field, raw);
        } catch (IllegalArgumentException e) {
            throw DatablyException.invalidParameter(name, "'" + DatablyException.abbreviate(raw.asText())
                    + "' is not a valid " + field.type().jsonName() + ": " + e.getMessage());
        }
        if (value == null || value.isNull()) {
            throw DatablyException.invalidParameter(name, "'" + raw.asText() + "' is a missing value; to find nulls, use '"
                    + field.name() + "__isnull=true'");
        }
        return storable(name, field, value);
    }

    /** A value the store can hold and compare (else the filter fails there, with no name to give). */
    private JsonNode storable(String name, Field field, JsonNode value) {
        String why = target.capabilities().limits().problem(field, value);
        if (why != null) {
            throw DatablyException.invalidParameter(name, "'" + DatablyException.abbreviate(value.toString()) + "' "
                    + why);
        }
        return value;
    }

    /** An element of an array or list field: a list's items have its itemType; an array's are any JSON. */
    private JsonNode item(String name, Field field, JsonNode raw) {
        if (field.type() == FieldType.LIST) {
            JsonNode cast = typed(name, field, JsonNodeFactory.instance.arrayNode().add(raw));
            return cast.get(0);
        }
        // URL values are text: read them as JSON when they are (3, true, {"a":1}), else as the string itself.
        if (raw.isTextual()) {
            try {
                JsonNode parsed = JSON.readTree(raw.asText());
                return parsed == null || parsed.isMissingNode() ? raw : storable(name, field, parsed);
            } catch (JsonProcessingException notJson) {
                return raw;
            }
        }
        return storable(name, field, raw);
    }

    static List<JsonNode> list(String name, JsonNode raw, int min) {
        if (!raw.isArray()) {
            throw DatablyException.invalidParameter(name, "takes a list of values");
        }
        if (raw.size() < min) {
            throw DatablyException.invalidParameter(name, "takes at least " + min + " value(s)");
        }
        List<JsonNode> items = new ArrayList<>();
        raw.forEach(items::add);
        return items;
    }

    private static JsonNode bool(String name, JsonNode raw) {
        if (raw.isBoolean()) {
            return raw;
        }
        return switch (raw.asText()) {
            case "true", "1" -> BooleanNode.TRUE;
            case "false", "0" -> BooleanNode.FALSE;
            default -> throw DatablyException.invalidParameter(name, "must be true or false");
        };
    }

    private static String text(String name, JsonNode raw) {
        if (!raw.isTextual() && !raw.isNumber()) {
            throw DatablyException.invalidParameter(name, "takes a string");
        }
        return raw.asText();
    }

    /**
     * A LIKE pattern: {@code %} any run, {@code _} one character, a backslash makes the next character literal
     * ({@code \%}, {@code \\}), as in PostgreSQL and on every provider. So a pattern cannot end with a lone backslash.
     */
    private static String like(String name, String pattern) {
        int trailing = 0;
        while (trailing < pattern.length() && pattern.charAt(pattern.length() - 1 - trailing) == '\\') {
            trailing++;
        }
        if (trailing % 2 == 1) {
            throw DatablyException.invalidParameter(name, "a LIKE pattern must not end with the escape character "
                    + "'\\' (write '\\\\' for a backslash)");
        }
        return pattern;
    }

    /**
     * Regex filters run in the store (PostgreSQL, MongoDB), in RE2 syntax: the dialect whose every pattern some
     * engine matches in linear time, so no backreferences or lookaround, which make backtracking engines exponential.
     */
    private static String regex(String name, String pattern) {
        if (pattern.indexOf('\0') >= 0) {
            throw DatablyException.invalidParameter(name, "a regular expression cannot contain the NUL character");
        }
        try {
            Pattern.compile(pattern);
            return pattern;
        } catch (PatternSyntaxException e) {
            throw DatablyException.invalidParameter(name, "is not a valid regular expression (RE2 syntax, without "
                    + "backreferences or lookaround): " + e.getDescription() + " at '"
                    + DatablyException.abbreviate(e.getPattern()) + "'");
        }
    }

    private static JsonNode datePart(String name, Op op, JsonNode raw) {
        int max = switch (op) {
            case YEAR -> 9999;
            case MONTH -> 12;
            default -> 31;
        };
        int min = op == Op.YEAR ? 0 : 1;
        try {
            int value = raw.isIntegralNumber() ? raw.intValue() : Integer.parseInt(raw.asText().trim());
            if (value < min || value > max) {
                throw DatablyException.invalidParameter(name, "must be between " + min + " and " + max);
            }
            return IntNode.valueOf(value);
        } catch (NumberFormatException e) {
            throw DatablyException.invalidParameter(name, "must be a whole number");
        }
    }

    /** A calendar date in the range of date values (years 1 to 9999, as the caster's). */
    private static JsonNode date(String name, JsonNode raw) {
        LocalDate date;
        try {
            date = LocalDate.parse(raw.asText());
        } catch (DateTimeParseException e) {
            throw DatablyException.invalidParameter(name, "must be a date YYYY-MM-DD");
        }
        if (date.getYear() < 1 || date.getYear() > 9999) {
            throw DatablyException.invalidParameter(name, "must be a date from 0001-01-01 to 9999-12-31");
        }
        return TextNode.valueOf(date.toString());
    }

    private void requireOrdered(String name, Field field, Op op) {
        requireType(name, field, op, QueryPlanner.ORDERED);
        String unordered = target.capabilities().limits().unordered(field);
        if (unordered != null) {
            throw DatablyException.invalidParameter(name, "operator '" + op.token() + "' needs ordered values; "
                    + unordered);
        }
    }

    private static void requireType(String name, Field field, Op op, Set<FieldType> types) {
        if (!types.contains(field.type())) {
            throw DatablyException.invalidParameter(name, "operator '" + op.token() + "' does not apply to "
                    + field.type().jsonName() + " field '" + field.name() + "'; it applies to "
                    + types.stream().map(FieldType::jsonName).toList());
        }
    }
}
