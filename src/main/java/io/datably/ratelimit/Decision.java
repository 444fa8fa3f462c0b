package io.datably.ratelimit;

/**
 * What a bucket operation decided, reported by the bucket nearest to empty (the one that refused, when one did): its
 * capacity, its whole tokens left, the milliseconds until it is full again, and, when refused, the milliseconds until
 * every bucket the request draws on holds a token.
 */
public record Decision(boolean allowed, int bucket, long limit, long remaining, long resetMillis, long waitMillis) {
    /** Which bucket: every request draws on the first, writes on the second too. */
    public static final int ALL = 1;
    public static final int WRITES = 2;

    /** {@code RateLimit-Reset}: seconds, rounded up, until the bucket is full. */
    long resetSeconds() {
        return (resetMillis + 999) / 1000;
    }

    /** {@code Retry-After}: seconds, rounded up (and at least one), until the request would be taken. */
    long retryAfterSeconds() {
        return Math.max(1, (waitMillis + 999) / 1000);
    }
}
