package io.datably.api;

import io.datably.service.Paging;
import jakarta.ws.rs.core.UriInfo;

/** Links to the next and previous page, keeping every other query parameter of the request. */
public final class PageLinks {
    private PageLinks() {
    }

    /** The next page's URL, or null on the last page; {@code count < 0} (not counted) assumes there may be more. */
    public static String next(UriInfo uri, Paging paging, long count) {
        return next(uri, paging, count < 0 || (long) paging.page() * paging.pageSize() < count);
    }

    /** The next page's URL when there is one ({@code more}), else null. */
    public static String next(UriInfo uri, Paging paging, boolean more) {
        return more ? uri.getRequestUriBuilder().replaceQueryParam("page", paging.page() + 1).build().toString() : null;
    }

    public static String previous(UriInfo uri, Paging paging) {
        if (paging.page() <= 1) {
            return null;
        }
        var builder = uri.getRequestUriBuilder();
        return (paging.page() == 2 ? builder.replaceQueryParam("page") : builder.replaceQueryParam("page",
                paging.page() - 1)).build().toString();
    }
}
