package io.datably.schema.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Casts for date, time, datetime, yearmonth and duration. Default formats are strict (policy: no space for 'T', no
 * lower-case 't'/'z', seconds required). Aware times are converted to UTC and the offset dropped; naive datetimes
 * are taken as UTC (policy: the store keeps instants). Fractions are truncated to microseconds, the store's precision.
 */
final class TemporalCasters {

    private static final String TIME = "([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\\.([0-9]+))?(Z|[+-][0-9]{2}:[0-9]{2})?";
    private static final Pattern DATE_DEFAULT = Pattern.compile("([0-9]{4})-([0-9]{2})-([0-9]{2})");
    private static final Pattern TIME_DEFAULT = Pattern.compile(TIME);
    private static final Pattern DATETIME_DEFAULT = Pattern.compile("([0-9]{4})-([0-9]{2})-([0-9]{2})T" + TIME);
    // format "any": a few lenient ISO-like forms; deliberately not a guessing parser (results would be arbitrary).
    private static final String DATE_ANY = "([0-9]{4})([-/.]?)([0-9]{1,2})\\2([0-9]{1,2})";
    private static final String TIME_ANY =
            "([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]+))?)?\\s*([AaPp][Mm])?\\s*([Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?";
    private static final Pattern DATE_ANY_RE = Pattern.compile(DATE_ANY);
    private static final Pattern TIME_ANY_RE = Pattern.compile(TIME_ANY);
    private static final Pattern DATETIME_ANY_RE = Pattern.compile(DATE_ANY + "(?:[Tt ]" + TIME_ANY + ")?");
    private static final Pattern YEARMONTH = Pattern.compile("([0-9]{4})-([0-9]{2})");
    private static final Pattern DURATION = Pattern.compile(
            "-?P(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)D)?(?:T(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+(?:\\.[0-9]+)?)S)?)?");

    private TemporalCasters() {
    }

    /** A time of day and its offset (null when naive). */
    private record Clock(LocalTime time, ZoneOffset offset) {
    }

    static JsonNode date(String format, JsonNode raw) {
        String s = text(raw, "date");
        try {
            LocalDate date = switch (format) {
                case "default" -> {
                    Matcher m = matchOrFail(DATE_DEFAULT, s, "date (YYYY-MM-DD)");
                    yield LocalDate.of(num(m, 1), num(m, 2), num(m, 3));
                }
                case "any" -> anyDate(matchOrFail(DATE_ANY_RE, s, "date"), 0);
                default -> StrptimeFormat.of(format).parse(s).date();
            };
            return TextNode.valueOf(checkYear(date).toString());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a real date: " + s);
        }
    }

    static JsonNode time(String format, JsonNode raw) {
        String s = text(raw, "time");
        try {
            Clock clock = switch (format) {
                case "default" -> defaultClock(matchOrFail(TIME_DEFAULT, s, "time (hh:mm:ss)"), 0);
                case "any" -> anyClock(matchOrFail(TIME_ANY_RE, s, "time"), 0);
                default -> {
                    StrptimeFormat.Parts p = StrptimeFormat.of(format).parse(s);
                    yield new Clock(p.time(), p.offset());
                }
            };
            LocalTime utc = clock.offset() == null ? clock.time()
                    : clock.time().minusSeconds(clock.offset().getTotalSeconds()); // wraps around midnight
            return TextNode.valueOf(formatTime(utc));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a real time: " + s);
        }
    }

    static JsonNode datetime(String format, JsonNode raw) {
        String s = text(raw, "datetime");
        try {
            LocalDateTime local;
            ZoneOffset offset;
            switch (format) {
                case "default" -> {
                    Matcher m = matchOrFail(DATETIME_DEFAULT, s, "datetime (YYYY-MM-DDThh:mm:ss[.f][Z|±hh:mm])");
                    Clock clock = defaultClock(m, 3);
                    local = LocalDateTime.of(LocalDate.of(num(m, 1), num(m, 2), num(m, 3)), clock.time());
                    offset = clock.offset();
                }
                case "any" -> {
                    Matcher m = matchOrFail(DATETIME_ANY_RE, s, "datetime");
                    Clock clock = m.group(5) == null ? new Clock(LocalTime.MIDNIGHT, null) : anyClock(m, 4);
                    local = LocalDateTime.of(anyDate(m, 0), clock.time());
                    offset = clock.offset();
                }
                default -> {
                    StrptimeFormat.Parts p = StrptimeFormat.of(format).parse(s);
                    local = LocalDateTime.of(p.date(), p.time());
                    offset = p.offset();
                }
            }
            LocalDateTime utc = offset == null ? local
                    : LocalDateTime.ofInstant(local.toInstant(offset), ZoneOffset.UTC);
            checkYear(utc.toLocalDate());
            return TextNode.valueOf(utc.toLocalDate() + "T" + formatTime(utc.toLocalTime()) + "Z");
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a real datetime: " + s);
        }
    }

    static JsonNode yearmonth(JsonNode raw) {
        int year;
        int month;
        if (raw.isArray() && raw.size() == 2 && raw.get(0).isIntegralNumber() && raw.get(1).isIntegralNumber()
                && raw.get(0).canConvertToInt() && raw.get(1).canConvertToInt()) {
            year = raw.get(0).intValue();
            month = raw.get(1).intValue();
        } else if (raw.isTextual() && YEARMONTH.matcher(raw.textValue()).matches()) {
            year = Integer.parseInt(raw.textValue().substring(0, 4));
            month = Integer.parseInt(raw.textValue().substring(5));
        } else {
            throw new IllegalArgumentException("expected a yearmonth (YYYY-MM or [year, month]), got " + Json.show(raw));
        }
        if (year < 0 || year > 9999 || month < 1 || month > 12) {
            throw new IllegalArgumentException("yearmonth out of range: " + Json.show(raw));
        }
        return TextNode.valueOf(String.format("%04d-%02d", year, month));
    }

    /** XML Schema duration; the value is returned as sent. Week form (PnW) is rejected (policy). */
    static JsonNode duration(JsonNode raw) {
        String s = text(raw, "duration");
        Matcher m = DURATION.matcher(s);
        boolean any = m.matches() && (m.group(1) != null || m.group(2) != null || m.group(3) != null
                || m.group(4) != null || m.group(5) != null || m.group(6) != null);
        if (!any || s.endsWith("T")) {
            throw new IllegalArgumentException("not an ISO 8601 / XML Schema duration: " + Json.show(raw));
        }
        return raw;
    }

    /** Duration groups for comparison: [years, months, days, hours, minutes, seconds]; null when not a duration. */
    static Matcher durationParts(String s) {
        Matcher m = DURATION.matcher(s);
        return m.matches() ? m : null;
    }

    private static Clock defaultClock(Matcher m, int base) {
        LocalTime time = LocalTime.of(num(m, base + 1), num(m, base + 2), num(m, base + 3), nanos(m.group(base + 4)));
        return new Clock(time, offset(m.group(base + 5)));
    }

    private static Clock anyClock(Matcher m, int base) {
        int hour = num(m, base + 1);
        String ampm = m.group(base + 5);
        if (ampm != null) {
            if (hour < 1 || hour > 12) {
                throw new DateTimeException("hour with AM/PM must be 1..12");
            }
            hour = hour % 12 + (ampm.equalsIgnoreCase("pm") ? 12 : 0);
        }
        int second = m.group(base + 3) == null ? 0 : num(m, base + 3);
        LocalTime time = LocalTime.of(hour, num(m, base + 2), second, nanos(m.group(base + 4)));
        String zone = m.group(base + 6);
        if (zone != null && !zone.equalsIgnoreCase("z")) {
            String d = zone.replace(":", "");
            zone = d.substring(0, 3) + ":" + (d.length() > 3 ? d.substring(3) : "00");
        }
        return new Clock(time, offset(zone == null ? null : zone.toUpperCase()));
    }

    private static LocalDate anyDate(Matcher m, int base) {
        return LocalDate.of(num(m, base + 1), num(m, base + 3), num(m, base + 4));
    }

    private static ZoneOffset offset(String text) {
        if (text == null) {
            return null;
        }
        return text.equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(text); // ZoneOffset.of rejects +24:00, +01:60
    }

    private static int nanos(String fraction) {
        if (fraction == null) {
            return 0;
        }
        String micros = (fraction + "000000").substring(0, 6); // truncate to microseconds
        return Integer.parseInt(micros) * 1000;
    }

    /** hh:mm:ss plus the fraction with trailing zeros removed (none when zero). */
    static String formatTime(LocalTime t) {
        String base = String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
        int micros = t.getNano() / 1000;
        if (micros == 0) {
            return base;
        }
        String fraction = String.format("%06d", micros).replaceAll("0+$", "");
        return base + "." + fraction;
    }

    /**
     * Dates and datetimes (in UTC) run from 0001-01-01 to 9999-12-31, on every provider: four-digit years keep the
     * ISO text ordered (MongoDB compares it), and PostgreSQL has no year 0 (ISO's 0000 is its 1 BC).
     */
    private static LocalDate checkYear(LocalDate date) {
        if (date.getYear() < 1 || date.getYear() > 9999) {
            throw new DateTimeException("year out of range 1..9999");
        }
        return date;
    }

    private static String text(JsonNode raw, String type) {
        if (!raw.isTextual()) {
            throw new IllegalArgumentException("expected a " + type + " string, got " + NumberCasters.kind(raw));
        }
        return raw.textValue();
    }

    private static Matcher matchOrFail(Pattern p, String s, String what) {
        Matcher m = p.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a " + what + ": '" + (s.length() > 60 ? s.substring(0, 57) + "..." : s) + "'");
        }
        return m;
    }

    private static int num(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }
}
