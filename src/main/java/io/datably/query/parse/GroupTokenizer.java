package io.datably.query.parse;

import io.datably.error.DatablyException;

/**
 * The scanner for the URL's small grammars: {@code or=(a=1,b__in=(2,3))} groups and {@code a,"b,c"} lists.
 * Hand-written because the grammar is tiny and its errors must point at a character of the client's value.
 *
 * <p>Outside quotes the special characters end a word: {@code ( ) , = "} in a group, only {@code , "} in a list
 * (so {@code name__in=f(x),g} needs no quotes). A special character inside a value needs the whole value in double
 * quotes; in quotes {@code \"} and {@code \\} are escapes and any other backslash is kept, so regexes such as
 * {@code "\d+"} survive. Whitespace around words is dropped; quote a value to keep it.
 */
final class GroupTokenizer {

    enum Kind { OPEN, CLOSE, COMMA, EQUALS, WORD, END }

    /** A token and where it starts in the value, for error excerpts; {@code quoted} words were in double quotes. */
    record Token(Kind kind, String text, boolean quoted, int position) {
        String describe() {
            return switch (kind) {
                case END -> "the end of the value";
                case WORD -> (quoted ? "quoted value " : "") + Excerpt.of(text);
                default -> "'" + text + "'";
            };
        }
    }

    private final Culprit culprit;
    private final String input;
    private final String specials;
    private int position;
    private Token peeked;

    private GroupTokenizer(Culprit culprit, String input, String specials) {
        this.culprit = culprit;
        this.input = input;
        this.specials = specials;
    }

    static GroupTokenizer group(Culprit culprit, String input) {
        return new GroupTokenizer(culprit, input, "(),=\"");
    }

    static GroupTokenizer list(Culprit culprit, String input) {
        return new GroupTokenizer(culprit, input, ",\"");
    }

    Token peek() {
        if (peeked == null) {
            peeked = scan();
        }
        return peeked;
    }

    Token next() {
        Token token = peek();
        peeked = null;
        return token;
    }

    /** Consumes a token of the given kind, or fails naming what was expected instead. */
    Token expect(Kind kind, String expected) {
        Token token = next();
        if (token.kind() != kind) {
            throw error("expected " + expected + " but found " + token.describe(), token.position());
        }
        return token;
    }

    /** The problem, then where it is, then how to fix it: {@code found '(' at character 8 in '(a=(1))'; quote …}. */
    DatablyException error(String problem, int at, String hint) {
        return culprit.error(problem + " " + Excerpt.at(input, at) + (hint.isEmpty() ? "" : "; " + hint));
    }

    DatablyException error(String problem, int at) {
        return error(problem, at, "");
    }

    /** The advice for a special character found where a value or separator was expected. */
    static String quoteHint(Token found) {
        return found.kind() == Kind.END ? "" : "put values containing ( ) , = \" in double quotes";
    }

    private Token scan() {
        while (position < input.length() && Character.isWhitespace(input.charAt(position))) {
            position++;
        }
        if (position >= input.length()) {
            return new Token(Kind.END, "", false, input.length());
        }
        int start = position;
        char c = input.charAt(position);
        if (c == '"') {
            return quoted(start);
        }
        if (specials.indexOf(c) >= 0) {
            position++;
            Kind kind = switch (c) {
                case '(' -> Kind.OPEN;
                case ')' -> Kind.CLOSE;
                case ',' -> Kind.COMMA;
                default -> Kind.EQUALS;
            };
            return new Token(kind, String.valueOf(c), false, start);
        }
        while (position < input.length() && specials.indexOf(input.charAt(position)) < 0) {
            position++;
        }
        return new Token(Kind.WORD, input.substring(start, position).strip(), false, start);
    }

    private Token quoted(int start) {
        StringBuilder text = new StringBuilder();
        position++;
        while (position < input.length()) {
            char c = input.charAt(position++);
            if (c == '"') {
                return new Token(Kind.WORD, text.toString(), true, start);
            }
            if (c == '\\' && position < input.length()
                    && (input.charAt(position) == '"' || input.charAt(position) == '\\')) {
                c = input.charAt(position++);
            }
            text.append(c);
        }
        throw error("unclosed double quote", start);
    }
}
