package io.datably.api;

import io.datably.service.Paging;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Links to the next and previous page, keeping every other query parameter of the request. Built on the request's
 * URI text: a JAX-RS {@code UriBuilder} parses the URI once more to build each link, a cost every list paid.
 */
public final class PageLinks {
    private PageLinks() {
    }

    /** The next page's URL, or null on the last page; {@code count < 0} (not counted) assumes there may be more. */
    public static String next(UriInfo uri, Paging paging, long count) {
        return next(uri, paging, count < 0 || (long) paging.page() * paging.pageSize() < count);
    }

    /** The next page's URL when there is one ({@code more}), else null. */
    public static String next(UriInfo uri, Paging paging, boolean more) {
        return more ? withParam(uri, "page", String.valueOf(paging.page() + 1)) : null;
    }

    public static String previous(UriInfo uri, Paging paging) {
        if (paging.page() <= 1) {
            return null;
        }
        return withParam(uri, "page", paging.page() == 2 ? null : String.valueOf(paging.page() - 1));
    }

    /**
     * The request's URL with every {@code name} parameter (however encoded) removed and, unless {@code value} is
     * null, {@code name=value} appended, as {@code UriBuilder.replaceQueryParam} does.
     */
    public static String withParam(UriInfo uri, String name, String value) {
        String url = uri.getRequestUri().toString();
        int mark = url.indexOf('?');
        StringBuilder out = new StringBuilder(url.length() + 16).append(url, 0, mark < 0 ? url.length() : mark);
        char separator = '?';
        if (mark >= 0) {
            for (String pair : url.substring(mark + 1).split("&")) {
                if (pair.isEmpty() || name.equals(keyOf(pair))) {
                    continue;
                }
                out.append(separator).append(pair);
                separator = '&';
            }
        }
        if (value != null) {
            out.append(separator).append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private static String keyOf(String pair) {
        int equals = pair.indexOf('=');
        String raw = equals < 0 ? pair : pair.substring(0, equals);
        return raw.indexOf('%') < 0 && raw.indexOf('+') < 0 ? raw : URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }
}
