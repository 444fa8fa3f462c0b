package io.datably.query.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.datably.error.DatablyException;
import io.datably.query.model.Op;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A date ({@code YYYY-MM-DD}) compared with a datetime field means the whole UTC day it names, as a person reading
 * {@code published_at__range=2024-02-01,2024-02-29} means all of February: {@code gte} and {@code lt} take the day's
 * first instant, {@code gt} and {@code lte} its last ({@code lte 2024-02-29} is {@code < 2024-03-01T00:00:00Z}),
 * {@code range} its low bound's first and its high bound's last, and {@code eq}, {@code ne}, {@code in}, {@code nin}
 * the whole day ({@code eq 2024-02-29} is {@code date=2024-02-29}). Stored datetimes have microseconds, on every
 * provider, so the day's last instant is {@code T23:59:59.999999Z} and inclusive bounds are exact.
 */
final class WholeDays {
    private static final Pattern DAY = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private WholeDays() {
    }

    /** Whether a filter value on this field holds a date where a datetime is expected. */
    static boolean apply(Field field, JsonNode raw) {
        if (field.type() != FieldType.DATETIME || raw == null) {
            return false;
        }
        if (raw.isArray()) {
            for (JsonNode item : raw) {
                if (isDay(item)) {
                    return true;
                }
            }
            return false;
        }
        return isDay(raw);
    }

    private static boolean isDay(JsonNode raw) {
        return raw.isTextual() && DAY.matcher(raw.textValue().strip()).matches();
    }

    /**
     * The condition a date value stands for. {@code typed} casts a value that is a datetime after all (a list may
     * mix both) and {@code storable} checks a bound made here; both throw the filter's own 400.
     */
    static BoundCondition bind(String name, Field field, Op op, JsonNode raw, UnaryOperator<JsonNode> typed,
                               UnaryOperator<JsonNode> storable) {
        Bounds bounds = new Bounds(name, typed, storable);
        return switch (op) {
            case GT, LTE -> compare(field, op, bounds.last(raw));
            case GTE, LT -> compare(field, op, bounds.first(raw));
            case RANGE -> {
                List<JsonNode> pair = ValueBinder.list(name, raw, 2);
                if (pair.size() != 2) {
                    throw DatablyException.invalidParameter(name, "takes exactly two values: low,high");
                }
                yield new BoundCondition.Compare(field, Op.RANGE, List.of(bounds.first(pair.get(0)),
                        bounds.last(pair.get(1))));
            }
            case EQ, EXACT -> day(field, bounds, raw);
            case NE -> orNull(field, new BoundCondition.Not(day(field, bounds, raw)));
            case IN -> anyOf(field, bounds, ValueBinder.list(name, raw, 1));
            case NIN -> orNull(field, new BoundCondition.Not(anyOf(field, bounds, ValueBinder.list(name, raw, 1))));
            default -> throw new IllegalStateException("not a comparison of values: " + op);
        };
    }

    private static BoundCondition.Compare compare(Field field, Op op, JsonNode value) {
        return new BoundCondition.Compare(field, op, List.of(value));
    }

    /** The whole day of a date, or the one instant of a datetime. */
    private static BoundCondition day(Field field, Bounds bounds, JsonNode raw) {
        if (!isDay(raw)) {
            return compare(field, Op.EQ, bounds.typed.apply(raw));
        }
        return new BoundCondition.Compare(field, Op.RANGE, List.of(bounds.first(raw), bounds.last(raw)));
    }

    private static BoundCondition anyOf(Field field, Bounds bounds, List<JsonNode> values) {
        List<BoundCondition> items = new ArrayList<>();
        List<JsonNode> instants = new ArrayList<>();
        for (JsonNode value : values) {
            if (isDay(value)) {
                items.add(day(field, bounds, value));
            } else {
                instants.add(bounds.typed.apply(value));
            }
        }
        if (!instants.isEmpty()) {
            items.add(new BoundCondition.Compare(field, Op.IN, instants));
        }
        return items.size() == 1 ? items.get(0) : new BoundCondition.Or(items);
    }

    /** {@code ne} and {@code nin} also match nulls, as everywhere else (SQL's IS DISTINCT FROM). */
    private static BoundCondition orNull(Field field, BoundCondition condition) {
        return new BoundCondition.Or(List.of(condition, compare(field, Op.ISNULL, BooleanNode.TRUE)));
    }

    /** A day's first and last instants as canonical datetimes; a value that is no date is cast as a datetime. */
    private record Bounds(String name, UnaryOperator<JsonNode> typed, UnaryOperator<JsonNode> storable) {
        JsonNode first(JsonNode raw) {
            return isDay(raw) ? storable.apply(TextNode.valueOf(date(raw) + "T00:00:00Z")) : typed.apply(raw);
        }

        JsonNode last(JsonNode raw) {
            return isDay(raw) ? storable.apply(TextNode.valueOf(date(raw) + "T23:59:59.999999Z")) : typed.apply(raw);
        }

        private LocalDate date(JsonNode raw) {
            String text = raw.textValue().strip();
            LocalDate date;
            try {
                date = LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw DatablyException.invalidParameter(name, "'" + text + "' is not a real date");
            }
            if (date.getYear() < 1) {
                throw DatablyException.invalidParameter(name, "'" + text + "': dates run from 0001-01-01 to "
                        + "9999-12-31");
            }
            return date;
        }
    }
}
