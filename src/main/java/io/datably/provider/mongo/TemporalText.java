package io.datably.provider.mongo;

import io.datably.schema.model.FieldType;

/**
 * Canonical time/datetime text ⇄ the fixed-width stored form ({@code hh:mm:ss.ffffff}, six fraction digits), so that
 * MongoDB's string order is time order. Text that is not in canonical form is kept as it is, both ways.
 */
final class TemporalText {
    private static final int FRACTION_DIGITS = 6;

    private TemporalText() {
    }

    /** {@code 2024-10-30T10:00:00.5Z} → {@code 2024-10-30T10:00:00.500000Z}; {@code 12:00:00} → {@code 12:00:00.000000}. */
    static String stored(FieldType type, String canonical) {
        int seconds = secondsEnd(type, canonical);
        if (seconds < 0) {
            return canonical;
        }
        int end = fractionEnd(canonical, seconds);
        String digits = end > seconds ? canonical.substring(seconds + 1, end) : "";
        if (digits.length() > FRACTION_DIGITS) {
            return canonical;
        }
        return canonical.substring(0, seconds) + "." + (digits + "000000").substring(0, FRACTION_DIGITS)
                + canonical.substring(end);
    }

    /** The inverse of {@link #stored}: trailing zeros of the fraction dropped, and the '.' when nothing is left. */
    static String canonical(FieldType type, String stored) {
        int seconds = secondsEnd(type, stored);
        if (seconds < 0) {
            return stored;
        }
        int end = fractionEnd(stored, seconds);
        String digits = end > seconds ? stored.substring(seconds + 1, end).replaceAll("0+$", "") : "";
        return stored.substring(0, seconds) + (digits.isEmpty() ? "" : "." + digits) + stored.substring(end);
    }

    /** Where the seconds end (index of the optional '.'), or -1 when the text is not canonical time/datetime. */
    private static int secondsEnd(FieldType type, String text) {
        int start = type == FieldType.DATETIME ? 11 : 0;
        if (type == FieldType.DATETIME && !(text.length() > 19 && text.charAt(10) == 'T' && text.endsWith("Z"))) {
            return -1;
        }
        if (text.length() < start + 8 || text.charAt(start + 2) != ':' || text.charAt(start + 5) != ':') {
            return -1;
        }
        int end = start + 8;
        String rest = text.substring(end, type == FieldType.DATETIME ? text.length() - 1 : text.length());
        return rest.isEmpty() || rest.matches("\\.[0-9]+") ? end : -1;
    }

    private static int fractionEnd(String text, int secondsEnd) {
        int end = secondsEnd;
        if (end < text.length() && text.charAt(end) == '.') {
            end++;
            while (end < text.length() && Character.isDigit(text.charAt(end))) {
                end++;
            }
        }
        return end;
    }
}
