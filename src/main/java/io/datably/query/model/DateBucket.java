package io.datably.query.model;

import java.util.Arrays;
import java.util.Optional;

/** Calendar buckets for grouping date/datetime fields, truncated in UTC (weeks are ISO: Monday start). */
public enum DateBucket {
    HOUR, DAY, WEEK, MONTH, QUARTER, YEAR;

    public String token() {
        return name().toLowerCase();
    }

    public static Optional<DateBucket> fromToken(String token) {
        return Arrays.stream(values()).filter(b -> b.token().equals(token)).findFirst();
    }
}
