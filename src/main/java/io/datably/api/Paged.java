package io.datably.api;

import io.datably.service.PageSlice;
import io.datably.service.Paging;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/**
 * A DRF-style page: {@code {count, next, previous, results}} with absolute links to the neighbouring pages. A page
 * past the last one is a 404 naming {@code page} and the last page, as record lists answer.
 */
public record Paged<T>(long count, String next, String previous, List<T> results) {

    public static <T> Paged<T> of(PageSlice<T> slice, Paging paging, UriInfo uri) {
        if (slice.results().isEmpty() && paging.page() > 1) {
            throw Paging.beyondLast(paging.page(), slice.count(), paging.pageSize());
        }
        return new Paged<>(slice.count(), PageLinks.next(uri, paging, slice.count()),
                PageLinks.previous(uri, paging), slice.results());
    }
}
