package io.datably.service.records;

import io.datably.provider.spi.RecordPage;
import io.datably.service.Paging;

/**
 * A page of records and how it was cut, so the API can offer the neighbouring pages.
 *
 * @param offset     where the page starts (0 in keyset pagination)
 * @param limit      the page size asked for
 * @param more       whether a next page exists: by the count when there is one, else (not counted, or keyset) when
 *                   this page came back full
 * @param nextCursor in keyset pagination, the cursor of the next page (null on the last page, and always null with
 *                   page numbers or offsets)
 */
public record RecordList(RecordPage page, long offset, int limit, boolean more, String nextCursor) {

    /** The page number and size of this window, for DRF {@code page} links. */
    public Paging paging() {
        return new Paging((int) (offset / limit) + 1, limit);
    }
}
