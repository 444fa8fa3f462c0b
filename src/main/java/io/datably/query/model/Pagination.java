package io.datably.query.model;

/**
 * The requested window, as written: DRF {@code page}/{@code page_size}, or {@code limit}/{@code offset} (JSON form),
 * or an opaque {@code cursor}. All may be null; the planner applies defaults and limits.
 */
public record Pagination(Long page, Long pageSize, Long offset, Long limit, String cursor) {
    public static final Pagination DEFAULT = new Pagination(null, null, null, null, null);
}
