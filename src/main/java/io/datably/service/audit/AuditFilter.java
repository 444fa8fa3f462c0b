package io.datably.service.audit;

import io.datably.error.DatablyException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an audit list asks for: {@code actor}, {@code action}, {@code since} (inclusive) and {@code until}
 * (exclusive) as ISO date-times with an offset or dates (a date is its first instant, UTC), and {@code ordering}
 * {@code -at} (newest first, the default) or {@code at}. A bad value is a 400 naming its parameter.
 */
public record AuditFilter(String actor, String action, Instant since, Instant until, boolean oldestFirst) {
    /** What entries record: every kind of record change, and an import's summary. */
    public static final List<String> ACTIONS = List.of("create", "update", "delete", "soft_delete", "restore",
            "import");

    /** The parameters an audit list takes (with {@code page} and {@code page_size}). */
    public static final List<String> PARAMETERS = List.of("actor", "action", "since", "until", "ordering", "page",
            "page_size");

    /** From a request's query parameters; one not in {@link #PARAMETERS}, or one given twice, is a 400. */
    public static AuditFilter parse(Map<String, List<String>> params) {
        Map<String, String> single = new HashMap<>();
        params.forEach((name, values) -> {
            if (!PARAMETERS.contains(name)) {
                throw DatablyException.invalidParameter(DatablyException.abbreviate(name), "is not a parameter of "
                        + "an audit list; it takes " + String.join(", ", PARAMETERS));
            }
            if (values.size() > 1) {
                throw DatablyException.invalidParameter(name, "given " + values.size() + " times; give it once");
            }
            single.put(name, values.isEmpty() ? "" : values.get(0));
        });
        return parse(single.get("actor"), single.get("action"), single.get("since"), single.get("until"),
                single.get("ordering"));
    }

    public static AuditFilter parse(String actor, String action, String since, String until, String ordering) {
        if (action != null && !ACTIONS.contains(action)) {
            throw DatablyException.invalidParameter("action", "'" + DatablyException.abbreviate(action)
                    + "' is not an audited action; one of " + String.join(", ", ACTIONS));
        }
        if (ordering != null && !ordering.equals("at") && !ordering.equals("-at")) {
            throw DatablyException.invalidParameter("ordering", "'" + DatablyException.abbreviate(ordering)
                    + "' is not an audit ordering; 'at' (oldest first) or '-at' (newest first)");
        }
        Instant from = instant("since", since);
        Instant to = instant("until", until);
        return new AuditFilter(actor == null || actor.isEmpty() ? null : actor, action, from, to,
                "at".equals(ordering));
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw DatablyException.invalidParameter(name, "'" + DatablyException.abbreviate(value)
                    + "' is not a date (2024-01-31) or a date-time with an offset (2024-01-31T10:00:00Z)");
        }
    }
}
