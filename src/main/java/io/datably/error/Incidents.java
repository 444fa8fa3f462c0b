package io.datably.error;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * A server-side failure is logged whole (message, causes, stack) under an incident id, and the client is told only
 * the id: the store's error text names tables, columns and values the client has no business seeing.
 */
public final class Incidents {
    private static final Logger LOG = Logger.getLogger(Incidents.class);

    private Incidents() {
    }

    /** Logs the failure at ERROR and answers its incident id (12 hex digits). */
    public static String log(String what, Throwable failure) {
        byte[] bytes = new byte[6];
        ThreadLocalRandom.current().nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        LOG.errorf(failure, "Incident %s: %s", id, what);
        return id;
    }

    /** What the client reads instead of the failure's own text. */
    public static String detail(String id) {
        return "An internal error occurred; it has been logged as incident " + id;
    }
}
