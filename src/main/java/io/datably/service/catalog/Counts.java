package io.datably.service.catalog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns {@code [id, count]} rows of a GROUP BY into a lookup map. */
final class Counts {
    private Counts() {
    }

    static Map<Long, Long> byId(List<Object[]> rows) {
        Map<Long, Long> counts = new HashMap<>();
        for (Object[] row : rows) {
            counts.put(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
        }
        return counts;
    }
}
