package io.datably.service;

import java.util.List;

/** One page of a list and the total count of the list, before links are added by the API layer. */
public record PageSlice<T>(long count, List<T> results) {
}
