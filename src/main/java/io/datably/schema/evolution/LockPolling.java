package io.datably.schema.evolution;

import io.datably.error.DatablyException;
import io.smallrye.mutiny.Uni;
import java.time.Duration;

/**
 * Waiting for an advisory lock by trying it again and again (with back-off) rather than in a blocking call: a
 * blocked wait holds a connection and a snapshot; a retried attempt holds nothing between tries. The wait is bounded:
 * then 409 with {@code Retry-After}.
 */
public final class LockPolling {
    private static final Duration FIRST_BACK_OFF = Duration.ofMillis(20);
    private static final Duration LONGEST_BACK_OFF = Duration.ofMillis(500);

    private LockPolling() {
    }

    /** What an attempt throws when the lock is held elsewhere: tried again until the wait is over. */
    public static final class Busy extends RuntimeException {
        public Busy() {
            super(null, null, false, false);
        }
    }

    /**
     * {@code attempt} until it does not fail with {@link Busy}, for at most {@code wait}; then a 409 saying that
     * another change of {@code what} has been running that long.
     */
    public static <T> Uni<T> untilFree(Uni<T> attempt, Duration wait, String what) {
        return attempt.onFailure(Busy.class).retry().withBackOff(FIRST_BACK_OFF, LONGEST_BACK_OFF)
                .expireIn(wait.toMillis())
                .onFailure(LockPolling::gaveUp).transform(busy -> DatablyException.busy("Another change of " + what
                        + " has run for over " + wait.toSeconds() + " s; send this one again later", retryAfter(wait)));
    }

    /** Busy, or Mutiny's "retries exhausted" after the last Busy. */
    private static boolean gaveUp(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof Busy) {
                return true;
            }
        }
        return false;
    }

    /** Seconds a client should wait before sending a refused change again. */
    private static int retryAfter(Duration wait) {
        return (int) Math.max(1, Math.min(30, wait.toSeconds() / 2));
    }
}
