package io.datably.ratelimit;

import java.time.Duration;

/**
 * The limits of one caller: {@code requests} per {@code window} (the capacity of the bucket every request draws on,
 * refilled evenly over the window), and {@code writeBurst} writes back to back (the capacity of the write bucket,
 * refilled at the same pace: a steady writer gets the same rate as a reader, but no more than a burst at once).
 */
public record Limits(int requests, int writeBurst, Duration window) {

    public Limits {
        if (requests < 1 || writeBurst < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("Rate limits need at least one request and one write per window, and a "
                    + "window longer than zero (got requests " + requests + ", write burst " + writeBurst
                    + ", window " + window + ")");
        }
    }

    /** In words, for messages: "100 requests per minute", "5 requests per 5 s". */
    String rate() {
        String per;
        if (window.toMillis() % 60_000 == 0) {
            per = window.toMinutes() == 1 ? "minute" : window.toMinutes() + " minutes";
        } else {
            per = window.toMillis() % 1000 == 0 ? window.toSeconds() + " s" : window.toMillis() + " ms";
        }
        return requests + " requests per " + per;
    }

    /**
     * {@code RateLimit-Policy} (IETF draft): each bucket the request draws on as its capacity and the seconds it takes
     * to refill from empty.
     */
    String policy(boolean write) {
        String all = requests + ";w=" + seconds(window);
        return write ? all + ", " + writeBurst + ";w=" + seconds(window.multipliedBy(writeBurst).dividedBy(requests))
                : all;
    }

    private static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }
}
