package io.datably.provider.spi;

/** One page of a record list: skip {@code offset}, return at most {@code limit}, count the total when asked. */
public record PageRequest(long offset, int limit, boolean withCount) {
}
