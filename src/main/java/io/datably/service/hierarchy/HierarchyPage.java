package io.datably.service.hierarchy;

import io.datably.provider.spi.traversal.Hierarchy;
import io.datably.service.Paging;

/**
 * A page of a walk's answer ({@code descendants}, {@code siblings}): what the walk found and the window it was cut
 * to, for the DRF links.
 */
public record HierarchyPage(Hierarchy.Answer answer, long offset, int limit) {

    public Paging paging() {
        return new Paging((int) (offset / limit) + 1, limit);
    }

    /** Whether records follow this page. */
    public boolean more() {
        return offset + limit < answer.count();
    }
}
