package io.datably.provider.sql;

/**
 * JSON text as PostgreSQL renders it, in the one formatting every answer has (compact, as Jackson writes it).
 * PostgreSQL spaces its output by type: {@code jsonb} as {@code {"a": 1, "b": [1, 2]}}, {@code json_agg} as
 * {@code [{…}, {…}]}, {@code json_build_object} as {@code {"a" : 1}}; no SQL function renders jsonb compactly. Dropping
 * the whitespace between tokens is one pass over the characters, without parsing: PostgreSQL's text is valid JSON, so
 * whitespace outside strings is only ever between tokens, and numbers keep their digits exactly.
 */
public final class CompactJson {
    private CompactJson() {
    }

    /** The same JSON without whitespace between tokens; the text itself when it has none (no copy). */
    public static String of(String json) {
        if (json == null) {
            return null;
        }
        StringBuilder out = null;
        int copied = 0;
        boolean inString = false;
        int length = json.length();
        for (int i = 0; i < length; i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                if (out == null) {
                    out = new StringBuilder(length);
                }
                out.append(json, copied, i);
                copied = i + 1;
            }
        }
        if (out == null) {
            return json;
        }
        return out.append(json, copied, length).toString();
    }
}
