package io.datably.provider.spi;

/**
 * A page of records as JSON text, ready to be written out (PostgreSQL builds it; no re-serialisation).
 * {@code count} is the total number of matching records, or -1 when it was not asked for.
 */
public record RecordPage(long count, String resultsJson) {
}
