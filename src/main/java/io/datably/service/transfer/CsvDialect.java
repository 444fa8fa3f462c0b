package io.datably.service.transfer;

import io.datably.error.DatablyException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The CSV dialect of an import, from a Frictionless CSV Dialect's properties given as query parameters in snake_case
 * ({@code delimiter}, {@code quote_char}, {@code escape_char}, {@code null_sequence}, {@code header},
 * {@code encoding}); the defaults are Frictionless' (comma, double quote, no escape character, a header row, UTF-8).
 * A cell equal to {@code null_sequence} is null; empty cells are the schema's missing values anyway (by default "").
 * {@code encoding} is any character set the JVM decodes, by its name or an alias ({@code utf-8}, {@code latin1},
 * {@code iso-8859-1}, {@code windows-1252}, {@code utf-16}, ...).
 */
public record CsvDialect(char delimiter, char quoteChar, Character escapeChar, String nullSequence,
                         Charset encoding) {
    public static final CsvDialect DEFAULT = new CsvDialect(',', '"', null, null, StandardCharsets.UTF_8);

    /** The dialect of these parameters (absent ones take the defaults); a 400 naming the one that cannot be used. */
    public static CsvDialect of(Function<String, String> parameter) {
        char delimiter = single(parameter, "delimiter", ',');
        char quote = single(parameter, "quote_char", '"');
        String escape = parameter.apply("escape_char");
        Character escapeChar = escape == null ? null : single(parameter, "escape_char", '\\');
        String header = parameter.apply("header");
        if (header != null && !header.equals("true")) {
            throw DatablyException.invalidParameter("header", "must be true: an import reads its columns' fields "
                    + "from the header row");
        }
        Charset encoding = encoding(parameter.apply("encoding"));
        if (delimiter == quote || (escapeChar != null && (escapeChar == delimiter || escapeChar == quote))) {
            throw DatablyException.invalidParameter("delimiter", "delimiter, quote_char and escape_char must differ");
        }
        if (delimiter == '\n' || delimiter == '\r' || quote == '\n' || quote == '\r') {
            throw DatablyException.invalidParameter("delimiter", "cannot be a line break");
        }
        return new CsvDialect(delimiter, quote, escapeChar, parameter.apply("null_sequence"), encoding);
    }

    /** The character set named (UTF-8 when absent), or a 400 naming the name that is not one. */
    static Charset encoding(String name) {
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name.trim());
        } catch (IllegalArgumentException e) { // IllegalCharsetName- and UnsupportedCharsetException
            throw DatablyException.invalidParameter("encoding", "'" + DatablyException.abbreviate(name)
                    + "' is not an encoding this service reads; use e.g. utf-8 (the default), iso-8859-1 (latin1), "
                    + "windows-1252 or utf-16");
        }
    }

    private static char single(Function<String, String> parameter, String name, char fallback) {
        String value = parameter.apply(name);
        if (value == null) {
            return fallback;
        }
        if (value.length() != 1) {
            throw DatablyException.invalidParameter(name, "must be one character; got '"
                    + DatablyException.abbreviate(value) + "'");
        }
        return value.charAt(0);
    }
}
