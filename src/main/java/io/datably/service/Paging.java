package io.datably.service;

import io.datably.error.DatablyException;

/**
 * A validated DRF-style page request: {@code page} from 1, {@code page_size} up to the configured maximum.
 * Raw strings come in so that a bad value is reported naming its parameter, not as a framework error.
 */
public record Paging(int page, int pageSize) {

    public static Paging parse(String page, String pageSize, int defaultSize, int maxSize) {
        int p = page == null || page.isBlank() ? 1 : parsePositive("page", page, Integer.MAX_VALUE / 1000);
        int size = pageSize == null || pageSize.isBlank() ? defaultSize : parsePositive("page_size", pageSize, maxSize);
        return new Paging(p, size);
    }

    private static int parsePositive(String name, String raw, int max) {
        try {
            long value = Long.parseLong(raw.trim());
            if (value < 1 || value > max) {
                throw DatablyException.invalidParameter(name, "must be between 1 and " + max);
            }
            return (int) value;
        } catch (NumberFormatException e) {
            throw DatablyException.invalidParameter(name, "must be a whole number, got '"
                    + DatablyException.abbreviate(raw) + "'");
        }
    }
}
