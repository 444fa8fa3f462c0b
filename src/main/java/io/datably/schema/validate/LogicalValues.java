package io.datably.schema.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.schema.model.FieldType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Map;
import java.util.regex.Matcher;

/** Equality, ordering and length of canonical logical values (the output of {@link TypeCasters}). */
final class LogicalValues {

    private static final BigDecimal SECONDS_PER_DAY = BigDecimal.valueOf(86400);

    private LogicalValues() {
    }

    /** True for the number NaN, which never satisfies a range constraint. */
    static boolean isNaN(JsonNode v) {
        return v.isTextual() && v.textValue().equals("NaN");
    }

    /**
     * Orders two canonical values of a type; null when they are not comparable (NaN, month-based durations, or a
     * type without an order).
     */
    static Integer compare(FieldType type, JsonNode a, JsonNode b) {
        return switch (type) {
            case INTEGER, YEAR -> a.decimalValue().compareTo(b.decimalValue());
            case NUMBER -> compareNumbers(a, b);
            case DATE -> LocalDate.parse(a.textValue()).compareTo(LocalDate.parse(b.textValue()));
            case TIME -> LocalTime.parse(a.textValue()).compareTo(LocalTime.parse(b.textValue()));
            case DATETIME -> Instant.parse(a.textValue()).compareTo(Instant.parse(b.textValue()));
            case YEARMONTH -> a.textValue().compareTo(b.textValue()); // fixed-width YYYY-MM: lexical is chronological
            case DURATION -> {
                BigDecimal x = durationSeconds(a.textValue());
                BigDecimal y = durationSeconds(b.textValue());
                yield x == null || y == null ? null : x.compareTo(y);
            }
            default -> null;
        };
    }

    private static Integer compareNumbers(JsonNode a, JsonNode b) {
        if (isNaN(a) || isNaN(b)) {
            return null;
        }
        int ra = infinityRank(a);
        int rb = infinityRank(b);
        if (ra != 0 || rb != 0) {
            return Integer.compare(ra, rb);
        }
        return a.decimalValue().compareTo(b.decimalValue());
    }

    private static int infinityRank(JsonNode v) {
        if (!v.isTextual()) {
            return 0;
        }
        return v.textValue().equals("INF") ? 1 : -1;
    }

    /**
     * Seconds of a day/time-only duration; null when it has years or months, because P1M vs P30D has no defined
     * order (XML Schema durations are only partially ordered).
     */
    static BigDecimal durationSeconds(String duration) {
        Matcher m = TemporalCasters.durationParts(duration);
        if (m == null || nonZero(m.group(1)) || nonZero(m.group(2))) {
            return null;
        }
        BigDecimal total = part(m.group(3)).multiply(SECONDS_PER_DAY)
                .add(part(m.group(4)).multiply(BigDecimal.valueOf(3600)))
                .add(part(m.group(5)).multiply(BigDecimal.valueOf(60)))
                .add(part(m.group(6)));
        return duration.startsWith("-") ? total.negate() : total;
    }

    private static boolean nonZero(String group) {
        return group != null && new BigDecimal(group).signum() != 0;
    }

    private static BigDecimal part(String group) {
        return group == null ? BigDecimal.ZERO : new BigDecimal(group);
    }

    /** Deep equality where numbers compare by value (2.00 equals 2, LongNode 1 equals IntNode 1). */
    static boolean equal(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            try {
                return Json.decimal(a).compareTo(Json.decimal(b)) == 0;
            } catch (IllegalArgumentException e) { // NaN/Infinity doubles
                return a.equals(b);
            }
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                JsonNode other = b.get(e.getKey());
                if (other == null || !equal(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** Length for minLength/maxLength: code points of a string, items of an array/list, members of an object. */
    static int length(JsonNode v) {
        return v.isTextual() ? v.textValue().codePointCount(0, v.textValue().length()) : v.size();
    }
}
