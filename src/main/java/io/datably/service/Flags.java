package io.datably.service;

import io.datably.error.DatablyException;

/** Parses optional boolean query parameters strictly ({@code true}/{@code false}), naming the parameter on error. */
public final class Flags {
    private Flags() {
    }

    public static Boolean parse(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return switch (raw.trim().toLowerCase()) {
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> throw DatablyException.invalidParameter(name, "must be true or false, got '"
                    + DatablyException.abbreviate(raw) + "'");
        };
    }
}
