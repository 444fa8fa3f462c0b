package io.datably.provider.mongo;

import io.datably.error.DatablyException;

/**
 * Regular-expression text for {@code $regex}, written in the subset that MongoDB's PCRE and the Java regex engine of
 * the test server read alike: literals are escaped one character at a time (a backslash before ASCII punctuation is
 * a literal in both; {@code \Q...\E} is avoided), and anchors are {@code ^} and {@code \z} ({@code $} would also match
 * before a final newline, which SQL's {@code =} and {@code LIKE} never do).
 */
final class MongoPatterns {
    static final String END = "\\z";

    private MongoPatterns() {
    }

    /** The text as a pattern matching exactly itself. */
    static String literal(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(c -> appendLiteral(out, c));
        return out.toString();
    }

    /**
     * A SQL LIKE pattern as an anchored regex: {@code %} any run, {@code _} any one character, a backslash makes the
     * next character literal. Used with the {@code s} option, as {@code _} and {@code %} also match newlines in SQL.
     */
    static String like(String pattern, String parameter) {
        StringBuilder out = new StringBuilder("^");
        for (int i = 0; i < pattern.length(); ) {
            int c = pattern.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\\') {
                if (i >= pattern.length()) {
                    throw DatablyException.invalidParameter(parameter,
                            "a LIKE pattern must not end with the escape character '\\'");
                }
                c = pattern.codePointAt(i);
                i += Character.charCount(c);
                appendLiteral(out, c);
            } else if (c == '%') {
                out.append(".*");
            } else if (c == '_') {
                out.append('.');
            } else {
                appendLiteral(out, c);
            }
        }
        return out.append(END).toString();
    }

    /**
     * A user's regex, passed on as given once it compiles. Checked here because the server's answer to a broken
     * pattern is an opaque server error (a 500), while this is a client mistake (a 400). Java's syntax is close to
     * PCRE's, and it is exactly what the test server runs.
     */
    private static void appendLiteral(StringBuilder out, int c) {
        if (c == 0) {
            out.append("\\x00"); // patterns are C strings to PCRE: a raw NUL would end them
        } else if (c < 0x80 && !Character.isLetterOrDigit(c) && c > ' ' && c != '_' && c != 0x7f) {
            out.append('\\').append((char) c);
        } else {
            out.appendCodePoint(c);
        }
    }
}
