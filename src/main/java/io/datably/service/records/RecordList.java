package io.datably.service.records;

import io.datably.provider.spi.RecordPage;
import io.datably.service.Paging;

/**
 * A page of records and how it was cut, so the API can link onwards: the page window, or in keyset pagination the
 * cursor of the next page (null on the last page, and always null with page numbers).
 */
public record RecordList(RecordPage page, Paging paging, String nextCursor) {
}
