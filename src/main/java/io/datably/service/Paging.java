package io.datably.service;

import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import java.util.List;
import java.util.Map;

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

    /**
     * Page {@code page} of a list of {@code count} records is past its last page: 404 naming {@code page} and the last
     * page (1 for an empty list, whose first page is empty but there), which the problem also carries as
     * {@code last_page}.
     */
    public static DatablyException beyondLast(long page, long count, int pageSize) {
        long last = Math.max(1, Math.min(page - 1, (count + pageSize - 1) / pageSize));
        String message = "is beyond the last page, " + last + " (" + count + " record" + (count == 1 ? "" : "s")
                + " at " + pageSize + " per page)";
        return new DatablyException(ErrorCode.NOT_FOUND, "Page " + page + " " + message,
                List.of(new ProblemItem("page", "out_of_range", message)), Map.of("last_page", last));
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
