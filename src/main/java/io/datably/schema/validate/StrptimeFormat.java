package io.datably.schema.validate;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A C/Python strptime pattern (e.g. {@code %d/%m/%Y}) compiled to a regex. We mirror Python's _strptime rather than
 * java.time's DateTimeFormatter because descriptors are written for the Python reference: %d/%m/%H accept one or
 * two digits, names are English and case-insensitive, whitespace matches any run of whitespace, and missing date
 * parts default to 1900-01-01.
 */
final class StrptimeFormat {

    private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december"};
    private static final Map<Character, String> DIRECTIVES = Map.ofEntries(
            Map.entry('Y', "([0-9]{4})"),
            Map.entry('y', "([0-9]{2})"),
            Map.entry('m', "(1[0-2]|0[1-9]|[1-9])"),
            Map.entry('d', "(3[01]|[12][0-9]|0[1-9]|[1-9]| [1-9])"),
            Map.entry('j', "(36[0-6]|3[0-5][0-9]|[12][0-9][0-9]|0[1-9][0-9]|00[1-9]|[1-9][0-9]|0[1-9]|[1-9])"),
            Map.entry('H', "(2[0-3]|[01][0-9]|[0-9])"),
            Map.entry('I', "(1[0-2]|0[1-9]|[1-9])"),
            Map.entry('M', "([0-5][0-9]|[0-9])"),
            Map.entry('S', "([0-5][0-9]|[0-9])"),
            Map.entry('f', "([0-9]{1,6})"),
            Map.entry('p', "((?i:am|pm))"),
            Map.entry('b', "((?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))"),
            Map.entry('h', "((?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))"),
            Map.entry('B', "((?i:" + String.join("|", MONTHS) + "))"),
            Map.entry('a', "((?i:mon|tue|wed|thu|fri|sat|sun))"),
            Map.entry('A', "((?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday))"),
            Map.entry('z', "([+-][0-9]{2}:?[0-5][0-9]|Z)"),
            Map.entry('Z', "((?i:utc|gmt))"));
    // Formats come from schemas, so there are few; the bound only protects against a pathological caller.
    private static final Map<String, StrptimeFormat> CACHE = new ConcurrentHashMap<>();

    private final Pattern regex;
    private final List<Character> groups;

    private StrptimeFormat(Pattern regex, List<Character> groups) {
        this.regex = regex;
        this.groups = groups;
    }

    /** Compiles a pattern; IllegalArgumentException for an unsupported directive (so the schema is rejected). */
    static StrptimeFormat of(String pattern) {
        StrptimeFormat cached = CACHE.get(pattern);
        if (cached != null) {
            return cached;
        }
        StrptimeFormat compiled = compile(pattern);
        if (CACHE.size() > 1000) {
            CACHE.clear();
        }
        CACHE.put(pattern, compiled);
        return compiled;
    }

    private static StrptimeFormat compile(String pattern) {
        StringBuilder re = new StringBuilder();
        List<Character> groups = new ArrayList<>();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '%') {
                if (i + 1 >= pattern.length()) {
                    throw new IllegalArgumentException("pattern ends with a lone '%'");
                }
                char d = pattern.charAt(++i);
                if (d == '%') {
                    re.append('%');
                    continue;
                }
                String group = DIRECTIVES.get(d);
                if (group == null) {
                    throw new IllegalArgumentException("unsupported strptime directive %" + d);
                }
                if (groups.contains(d)) {
                    throw new IllegalArgumentException("directive %" + d + " appears twice");
                }
                re.append(group);
                groups.add(d);
            } else if (Character.isWhitespace(c)) {
                re.append("\\s+");
                while (i + 1 < pattern.length() && Character.isWhitespace(pattern.charAt(i + 1))) {
                    i++;
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new StrptimeFormat(Pattern.compile(re.toString()), List.copyOf(groups));
    }

    /** The parts found in a value; absent parts keep Python's defaults. */
    record Parts(LocalDate date, LocalTime time, ZoneOffset offset) {
    }

    Parts parse(String value) {
        Matcher m = regex.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + value + "' does not match the format");
        }
        int year = 1900;
        int month = 1;
        int day = 1;
        int dayOfYear = -1;
        int hour = 0;
        int hour12 = -1;
        int minute = 0;
        int second = 0;
        int nanos = 0;
        boolean pm = false;
        ZoneOffset offset = null;
        for (int g = 0; g < groups.size(); g++) {
            String v = m.group(g + 1).strip().toLowerCase(Locale.ROOT);
            switch (groups.get(g)) {
                case 'Y' -> year = Integer.parseInt(v);
                case 'y' -> year = Integer.parseInt(v) + (Integer.parseInt(v) < 69 ? 2000 : 1900); // Python's pivot
                case 'm' -> month = Integer.parseInt(v);
                case 'b', 'h', 'B' -> month = monthOf(v);
                case 'd' -> day = Integer.parseInt(v);
                case 'j' -> dayOfYear = Integer.parseInt(v);
                case 'H' -> hour = Integer.parseInt(v);
                case 'I' -> hour12 = Integer.parseInt(v);
                case 'M' -> minute = Integer.parseInt(v);
                case 'S' -> second = Integer.parseInt(v);
                case 'f' -> nanos = Integer.parseInt((v + "00000").substring(0, 6)) * 1000;
                case 'p' -> pm = v.equals("pm");
                case 'z' -> offset = v.equals("z") ? ZoneOffset.UTC : offsetOf(v);
                case 'Z' -> offset = ZoneOffset.UTC;
                default -> { } // weekday names are matched but, as in Python, not checked against the date
            }
        }
        if (hour12 >= 0) { // without %p, %I is taken as AM (Python)
            hour = hour12 % 12 + (pm ? 12 : 0);
        }
        try {
            LocalDate date = dayOfYear > 0 ? LocalDate.ofYearDay(year, dayOfYear) : LocalDate.of(year, month, day);
            return new Parts(date, LocalTime.of(hour, minute, second, nanos), offset);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + value + "' is not a real date/time: " + e.getMessage());
        }
    }

    private static int monthOf(String name) {
        for (int i = 0; i < MONTHS.length; i++) {
            if (MONTHS[i].startsWith(name)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("unknown month " + name);
    }

    private static ZoneOffset offsetOf(String v) {
        String digits = v.replace(":", "");
        int sign = digits.charAt(0) == '-' ? -1 : 1;
        try {
            return ZoneOffset.ofHoursMinutes(sign * Integer.parseInt(digits.substring(1, 3)),
                    sign * Integer.parseInt(digits.substring(3, 5)));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("invalid offset " + v);
        }
    }
}
