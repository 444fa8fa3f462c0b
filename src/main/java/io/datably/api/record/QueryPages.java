package io.datably.api.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.service.records.RecordList;

/**
 * The neighbouring pages of a JSON query ({@code POST records/query/}). A POST has no link to follow, so its
 * {@code next} and {@code previous} are the request bodies of those pages: the client's own body with {@code offset}
 * moved (or, in keyset pagination, {@code cursor} set to the next page's), to be POSTed as they are to the same URL.
 */
final class QueryPages {
    private QueryPages() {
    }

    /** The body of the next page, or null on the last page. */
    static JsonNode next(JsonNode body, RecordList list, boolean keyset) {
        if (!list.more()) {
            return null;
        }
        ObjectNode next = ((ObjectNode) body).deepCopy();
        return keyset ? next.put("cursor", list.nextCursor()) : next.put("offset", list.offset() + list.limit());
    }

    /**
     * The body of the previous page, or null at the start (and in keyset pagination, which goes forward only). From
     * past the end of a counted list, the previous page is the last {@code limit} records, not another empty window.
     */
    static JsonNode previous(JsonNode body, RecordList list, boolean keyset) {
        if (keyset || list.offset() == 0) {
            return null;
        }
        long count = list.page().count();
        long end = count >= 0 ? Math.min(list.offset(), count) : list.offset();
        return ((ObjectNode) body).deepCopy().put("offset", Math.max(0, end - list.limit()));
    }
}
