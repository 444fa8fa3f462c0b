package io.datably.provider.spi;

/** Size of one physical table: live records and bytes on disk (0 when the store cannot tell). */
public record TableStats(long records, long storageBytes) {
    public static final TableStats EMPTY = new TableStats(0, 0);
}
