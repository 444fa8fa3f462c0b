package io.datably.service.transfer;

import io.datably.error.DatablyException;
import java.util.Locale;
import java.util.function.Function;

/**
 * The CSV dialect of an import, from a Frictionless CSV Dialect's properties given as query parameters in snake_case
 * ({@code delimiter}, {@code quote_char}, {@code escape_char}, {@code null_sequence}, {@code header},
 * {@code encoding}); the defaults are Frictionless' (comma, double quote, no escape character, a header row). A cell
 * equal to {@code null_sequence} is null; empty cells are the schema's missing values anyway (by default "").
 */
public record CsvDialect(char delimiter, char quoteChar, Character escapeChar, String nullSequence) {
    public static final CsvDialect DEFAULT = new CsvDialect(',', '"', null, null);

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
        String encoding = parameter.apply("encoding");
        if (encoding != null && !encoding.toLowerCase(Locale.ROOT).replace("-", "").equals("utf8")) {
            throw DatablyException.invalidParameter("encoding", "only utf-8 is read; convert the file first");
        }
        if (delimiter == quote || (escapeChar != null && (escapeChar == delimiter || escapeChar == quote))) {
            throw DatablyException.invalidParameter("delimiter", "delimiter, quote_char and escape_char must differ");
        }
        if (delimiter == '\n' || delimiter == '\r' || quote == '\n' || quote == '\r') {
            throw DatablyException.invalidParameter("delimiter", "cannot be a line break");
        }
        return new CsvDialect(delimiter, quote, escapeChar, parameter.apply("null_sequence"));
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
