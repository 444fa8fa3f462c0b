package io.datably.service;

import io.datably.provider.spi.RecordPage;

/** A page of records and the window it was cut with, so the API can link to the neighbouring pages. */
public record RecordList(RecordPage page, Paging paging) {
}
