package io.datably.service.transfer;

import io.datably.error.DatablyException;

/** What an import does with rows that fail: {@code all_or_nothing} keeps none then, {@code skip_invalid} the rest. */
public enum ImportMode {
    ALL_OR_NOTHING, SKIP_INVALID;

    /** {@code ?mode=}; all_or_nothing when absent. */
    public static ImportMode of(String mode) {
        if (mode == null || mode.equals("all_or_nothing")) {
            return ALL_OR_NOTHING;
        }
        if (mode.equals("skip_invalid")) {
            return SKIP_INVALID;
        }
        throw DatablyException.invalidParameter("mode", "'" + DatablyException.abbreviate(mode)
                + "' is not an import mode; use all_or_nothing (the default) or skip_invalid");
    }
}
