package io.datably.schema.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/** Casts for integer, number and year. Regexes use [0-9], never \d or Character.isDigit, so no non-ASCII digits. */
final class NumberCasters {

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
    private static final Pattern YEAR = Pattern.compile("[0-9]{4}");
    // Guards against "1E+999999999" being expanded into a billion-digit BigInteger.
    private static final int MAX_INTEGER_DIGITS = 4000;

    private NumberCasters() {
    }

    static JsonNode integer(JsonNode raw, JsonNode options) {
        if (raw.isIntegralNumber()) {
            return canonical(raw.bigIntegerValue());
        }
        if (raw.isNumber()) {
            // The reference accepts 1.0 (a JSON number with zero fraction) but not 1.5.
            BigDecimal d = Json.decimal(raw).stripTrailingZeros();
            if (d.scale() > 0) {
                throw new IllegalArgumentException("not an integer: " + raw.asText());
            }
            if (d.precision() - d.scale() > MAX_INTEGER_DIGITS) {
                throw new IllegalArgumentException("integer too large");
            }
            return canonical(d.toBigIntegerExact());
        }
        if (!raw.isTextual()) {
            throw new IllegalArgumentException("expected an integer, got " + kind(raw));
        }
        String s = raw.textValue().strip();
        if (!bareNumber(options)) {
            s = stripNonNumeric(s, "");
        }
        String group = Json.text(options, "groupChar", null);
        if (group != null && !group.isEmpty()) {
            s = s.replace(group, "");
        }
        if (!INTEGER.matcher(s).matches() || s.length() > MAX_INTEGER_DIGITS) {
            throw new IllegalArgumentException("not an integer: " + Json.show(raw));
        }
        return canonical(new BigInteger(s));
    }

    static JsonNode number(JsonNode raw, JsonNode options) {
        if (raw.isNumber()) {
            if (raw.isDouble() || raw.isFloat()) {
                double d = raw.doubleValue();
                if (Double.isNaN(d)) {
                    return TextNode.valueOf("NaN");
                }
                if (Double.isInfinite(d)) {
                    return TextNode.valueOf(d > 0 ? "INF" : "-INF");
                }
            }
            return DecimalNode.valueOf(Json.decimal(raw));
        }
        if (!raw.isTextual()) {
            throw new IllegalArgumentException("expected a number, got " + kind(raw));
        }
        String s = raw.textValue().strip();
        JsonNode special = special(s);
        if (special != null) {
            return special;
        }
        String decimalChar = Json.text(options, "decimalChar", ".");
        if (!bareNumber(options)) {
            s = stripNonNumeric(s, decimalChar);
        }
        String group = Json.text(options, "groupChar", null);
        if (group != null && !group.isEmpty()) {
            s = s.replace(group, "");
        }
        if (!decimalChar.equals(".")) {
            if (s.contains(".")) {
                throw new IllegalArgumentException("'.' is not the decimal separator here: " + Json.show(raw));
            }
            s = s.replace(decimalChar, ".");
        }
        if (!DECIMAL.matcher(s).matches()) {
            throw new IllegalArgumentException("not a number: " + Json.show(raw));
        }
        try {
            return DecimalNode.valueOf(new BigDecimal(s));
        } catch (NumberFormatException e) { // exponent beyond int range
            throw new IllegalArgumentException("number out of range: " + Json.show(raw));
        }
    }

    static JsonNode year(JsonNode raw) {
        int year;
        if (raw.isIntegralNumber() && raw.canConvertToInt()) {
            year = raw.intValue();
        } else if (raw.isTextual() && YEAR.matcher(raw.textValue()).matches()) {
            year = Integer.parseInt(raw.textValue());
        } else {
            throw new IllegalArgumentException("expected a year (integer or 4-digit string), got " + Json.show(raw));
        }
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("year out of range 0..9999: " + year);
        }
        return IntNode.valueOf(year);
    }

    private static JsonNode canonical(BigInteger value) {
        return value.bitLength() < 64 ? LongNode.valueOf(value.longValue()) : BigIntegerNode.valueOf(value);
    }

    private static JsonNode special(String s) {
        if (s.equalsIgnoreCase("nan")) {
            return TextNode.valueOf("NaN");
        }
        if (s.equalsIgnoreCase("inf")) {
            return TextNode.valueOf("INF");
        }
        if (s.equalsIgnoreCase("-inf")) {
            return TextNode.valueOf("-INF");
        }
        return null;
    }

    private static boolean bareNumber(JsonNode options) {
        JsonNode v = options == null ? null : options.get("bareNumber");
        return v == null || !v.isBoolean() || v.booleanValue();
    }

    /**
     * bareNumber:false strips leading and trailing text ("€95", "95 %", "EUR 95"). The stripped text is dropped;
     * like the reference, a percent is not divided by 100.
     */
    private static String stripNonNumeric(String s, String decimalChar) {
        int start = 0;
        while (start < s.length() && !keepsLeading(s, start, decimalChar)) {
            start++;
        }
        int end = s.length();
        while (end > start && !isAsciiDigit(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean keepsLeading(String s, int i, String decimalChar) {
        char c = s.charAt(i);
        return isAsciiDigit(c) || c == '+' || c == '-' || (!decimalChar.isEmpty() && s.startsWith(decimalChar, i));
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static String kind(JsonNode raw) {
        return raw.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
