package io.datably.provider.sql;

import io.datably.provider.spi.PhysicalTable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one quoting helper: every identifier that reaches SQL text goes through {@link #quote}. Values never do;
 * they are bound parameters. {@link #literal} exists only for DDL (CHECK constraints), where PostgreSQL takes no
 * parameters, and is applied to values the schema validator has already cast.
 */
public final class Sql {
    private Sql() {
    }

    public static String quote(String identifier) {
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Identifier contains a NUL character");
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    public static String table(PhysicalTable table) {
        return quote(table.namespace()) + "." + quote(table.name());
    }

    public static String columns(List<String> names) {
        return names.stream().map(Sql::quote).collect(Collectors.joining(", "));
    }

    /** A string literal for DDL; relies on standard_conforming_strings (on by default since PostgreSQL 9.1). */
    public static String literal(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Literal contains a NUL character");
        }
        return "'" + value.replace("'", "''") + "'";
    }
}
