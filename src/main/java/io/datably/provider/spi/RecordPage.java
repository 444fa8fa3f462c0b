package io.datably.provider.spi;

/**
 * A page of records as JSON text, ready to be written out (PostgreSQL builds it; no re-serialisation).
 * {@code count} is the total number of matching records, or -1 when it was not asked for; {@code size} is how many
 * records the page holds, as the store counted them while building it (-1: not counted; read from the text then).
 */
public record RecordPage(long count, String resultsJson, int size) {
    public RecordPage(long count, String resultsJson) {
        this(count, resultsJson, -1);
    }
}
