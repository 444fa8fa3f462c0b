package io.datably.schema.validate;

import java.util.regex.Pattern;

/**
 * Translates a Table Schema {@code pattern} (XML Schema regex) to java.util.regex. Callers must use
 * {@link java.util.regex.Matcher#matches()}: XML Schema patterns are implicitly anchored, and matches() anchors the
 * whole alternation ({@code a|b} rejects "ab"), which naive "^" + p + "$" wrapping gets wrong.
 *
 * <p>What we translate: character-class subtraction {@code [a-z-[aeiou]]} to {@code [a-z&&[^aeiou]]}; block escapes
 * {@code \p{IsBasicLatin}} to {@code \p{InBasicLatin}}; the XML name escapes {@code \i \c \I \C} (BMP ranges); a
 * literal {@code &} or {@code [} inside a class is escaped so Java does not read intersection/union. What we reject:
 * Java-only constructs that would silently change the meaning (lookaround, inline flags, backreferences, lazy and
 * possessive quantifiers, escapes such as \b \A \Q). Policy: {@code ^} and {@code $} act as anchors (as in the
 * reference, which uses Python's re), not as the literals XML Schema says they are; under matches() they are
 * harmless at the ends. {@code \d \w \s} keep Java's ASCII meaning.
 */
final class PatternTranslator {

    private static final String NAME_START = ":A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D"
            + "\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD";
    private static final String NAME_CHAR = NAME_START + "\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040";
    private static final String QUANTIFIERS = "*+?}";

    private final String src;
    private int pos;

    private PatternTranslator(String src) {
        this.src = src;
    }

    /** Translates and compiles; IllegalArgumentException (incl. PatternSyntaxException) when it is not usable. */
    static Pattern compile(String xsdPattern) {
        return Pattern.compile(translate(xsdPattern));
    }

    static String translate(String xsdPattern) {
        PatternTranslator t = new PatternTranslator(xsdPattern);
        StringBuilder out = new StringBuilder();
        boolean afterQuantifier = false;
        while (t.pos < t.src.length()) {
            char c = t.src.charAt(t.pos++);
            if ((c == '?' || c == '+') && afterQuantifier) {
                throw new IllegalArgumentException("lazy/possessive quantifiers are not XML Schema syntax (at "
                        + (t.pos - 1) + ")");
            }
            switch (c) {
                case '\\' -> out.append(t.escape(false));
                case '[' -> out.append(t.charClass());
                case '(' -> {
                    if (t.peek() == '?') {
                        if (t.src.startsWith("?:", t.pos)) {
                            out.append("(?:");
                            t.pos += 2;
                            continue;
                        }
                        throw new IllegalArgumentException("lookaround, named groups and inline flags are not supported");
                    }
                    out.append('(');
                }
                default -> out.append(c);
            }
            afterQuantifier = QUANTIFIERS.indexOf(c) >= 0;
        }
        return out.toString();
    }

    private char peek() {
        return pos < src.length() ? src.charAt(pos) : '\0';
    }

    /** A class starting after its '['; returns the Java class including brackets. */
    private String charClass() {
        StringBuilder out = new StringBuilder("[");
        if (peek() == '^') {
            out.append('^');
            pos++;
        }
        boolean first = true;
        while (pos < src.length()) {
            char c = src.charAt(pos++);
            if (c == ']' && !first) {
                return out.append(']').toString();
            }
            first = false;
            if (c == '-' && peek() == '[') { // subtraction: must be the last part of the class
                pos++;
                String subtracted = charClass();
                if (peek() != ']') {
                    throw new IllegalArgumentException("class subtraction must end the character class");
                }
                pos++;
                return out.append("&&[^").append(subtracted).append("]]").toString();
            }
            switch (c) {
                case '\\' -> out.append(escape(true));
                case '&', '[' -> out.append('\\').append(c);
                default -> out.append(c);
            }
        }
        throw new IllegalArgumentException("unterminated character class");
    }

    private String escape(boolean inClass) {
        if (pos >= src.length()) {
            throw new IllegalArgumentException("pattern ends with a lone backslash");
        }
        char c = src.charAt(pos++);
        switch (c) {
            case 'n', 'r', 't', 's', 'S', 'd', 'D', 'w', 'W' -> {
                return "\\" + c;
            }
            case 'i', 'c' -> {
                String ranges = c == 'i' ? NAME_START : NAME_CHAR;
                return inClass ? ranges : "[" + ranges + "]";
            }
            case 'I', 'C' -> {
                return "[^" + (c == 'I' ? NAME_START : NAME_CHAR) + "]"; // a nested class is a union inside [...]
            }
            case 'p', 'P' -> {
                int close = src.indexOf('}', pos);
                if (peek() != '{' || close < 0) {
                    throw new IllegalArgumentException("\\" + c + " must be followed by {name}");
                }
                String name = src.substring(pos + 1, close);
                pos = close + 1;
                return "\\" + c + "{" + (name.startsWith("Is") ? "In" + name.substring(2) : name) + "}";
            }
            default -> {
                if (Character.isLetterOrDigit(c)) {
                    throw new IllegalArgumentException("unsupported escape \\" + c
                            + (Character.isDigit(c) ? " (backreferences are not supported)" : ""));
                }
                return "\\" + c; // escaped punctuation is a literal in both dialects
            }
        }
    }
}
