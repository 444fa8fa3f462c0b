package io.datably.api.hierarchy;

import io.datably.api.PageLinks;
import io.datably.provider.spi.traversal.Hierarchy;
import io.datably.service.hierarchy.HierarchyPage;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The JSON of hierarchy answers. Paged walks (descendants, siblings) answer the list's DRF envelope with
 * {@code truncated} beside {@code count}; whole ones (ancestors, trees) answer {@code count}, {@code truncated} and
 * {@code results}. Records are the JSON the provider rendered: wrapped, never re-parsed.
 */
final class HierarchyAnswers {
    private HierarchyAnswers() {
    }

    static Response paged(HierarchyPage page, UriInfo uri) {
        String next = PageLinks.next(uri, page.paging(), page.more());
        String previous = PageLinks.previous(uri, page.paging());
        Hierarchy.Answer answer = page.answer();
        return json("{\"count\":" + answer.count() + ",\"truncated\":" + answer.truncated() + ",\"next\":"
                + quoted(next) + ",\"previous\":" + quoted(previous) + ",\"results\":" + answer.results() + "}");
    }

    static Response whole(Hierarchy.Answer answer) {
        return json("{\"count\":" + answer.count() + ",\"truncated\":" + answer.truncated() + ",\"results\":"
                + answer.results() + "}");
    }

    /** A URL as a JSON string (null stays null); URLs need no escaping beyond quotes and backslashes. */
    private static String quoted(String url) {
        return url == null ? "null" : "\"" + url.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Response json(String body) {
        return Response.ok(body, MediaType.APPLICATION_JSON).build();
    }
}
