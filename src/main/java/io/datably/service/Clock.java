package io.datably.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Catalog timestamps: UTC, truncated to PostgreSQL's microsecond precision so that what we return is what we stored. */
public final class Clock {
    private Clock() {
    }

    public static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
