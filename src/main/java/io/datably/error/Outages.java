package io.datably.error;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Failures that say a dependency is out — unreachable, restarting, refusing connections — rather than that the request
 * or the service is wrong. They are answered 503 {@code DS503} with {@code Retry-After} and the dependency named in an
 * operator's terms (never its error text), so that clients, load balancers and SDK retry policies send the request
 * again instead of reporting a broken service. Cerbos and Redis have their own handling (DS502; per-instance rate
 * limits) and never reach here.
 */
public final class Outages {
    private static final Logger LOG = Logger.getLogger(Outages.class);
    /** An outage is logged once per dependency in this many milliseconds (every request meets it meanwhile). */
    private static final long LOG_EVERY_MS = 10_000;
    private static final Map<Dependency, Long> LAST_LOGGED = new ConcurrentHashMap<>();

    /** What can be out, as an operator names it, and when to try again (a PostgreSQL restart takes a few seconds). */
    public enum Dependency {
        POSTGRESQL("postgresql", "The database (PostgreSQL)", 2),
        MONGODB("mongodb", "The document store (MongoDB)", 5);

        private final String id;
        private final String description;
        private final int retryAfterSeconds;

        Dependency(String id, String description, int retryAfterSeconds) {
            this.id = id;
            this.description = description;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public String id() {
            return id;
        }
    }

    private Outages() {
    }

    /** The dependency a failure says is out, looking through its causes; empty for any other failure. */
    public static Optional<Dependency> of(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
            Dependency out = direct(t);
            if (out != null) {
                return Optional.of(out);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    /** The 503 a failure of an out dependency is answered with (logged here, at most once per dependency in 10 s). */
    public static DatablyException unavailable(Dependency out, Throwable failure) {
        long now = System.currentTimeMillis();
        Long last = LAST_LOGGED.get(out);
        if (last == null || now - last >= LOG_EVERY_MS) {
            LAST_LOGGED.put(out, now);
            LOG.warnf("%s is unavailable: requests that need it are answered 503 until it is back (%s)",
                    out.description, rootText(failure));
        }
        return new DatablyException(ErrorCode.UNAVAILABLE, out.description + " cannot be reached or is restarting: "
                + "the request was not carried out; send it again after Retry-After seconds",
                Map.of("dependency", out.id), out.retryAfterSeconds);
    }

    /** The 503 to answer when the failure is an outage ({@link #unavailable(Dependency, Throwable)}); else empty. */
    public static Optional<DatablyException> answer(Throwable failure) {
        return of(failure).map(out -> unavailable(out, failure));
    }

    /** {@link #answer} when the failure is an outage, else the failure as it is (for {@code onFailure().transform}). */
    public static Throwable translate(Throwable failure) {
        return answer(failure).<Throwable>map(out -> out).orElse(failure);
    }

    private static Dependency direct(Throwable t) {
        if (t instanceof DatablyException) {
            return null;                                  // answered as it says; its cause is looked at next
        }
        if (t instanceof PgException pg) {
            return lostConnection(pg.getSqlState()) ? Dependency.POSTGRESQL : null;
        }
        if (t instanceof SQLException sql) {              // the JDBC pool (Liquibase, DDL)
            return t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || lostConnection(sql.getSQLState()) ? Dependency.POSTGRESQL : null;
        }
        if (t instanceof ClosedConnectionException) {
            return Dependency.POSTGRESQL;
        }
        if (t instanceof MongoSocketException || t instanceof MongoTimeoutException
                || t instanceof MongoNodeIsRecoveringException || t instanceof MongoNotPrimaryException
                || t instanceof MongoConnectionPoolClearedException) {
            return Dependency.MONGODB;
        }
        // A connection that cannot be opened or was reset (refused, no route, reset by the server going away), outside
        // the MongoDB driver (which wraps its own in MongoSocketException, met first): the PostgreSQL pools', the only
        // other connections a request's own work uses.
        if (t instanceof SocketException || t instanceof ClosedChannelException
                || t instanceof ConnectTimeoutException) {
            return Dependency.POSTGRESQL;
        }
        return null;
    }

    /**
     * SQLSTATEs of a server that is going away or not yet there: class 08 (connection exceptions), 57P01 admin
     * shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up, shutting down), 53300 too many
     * connections.
     */
    private static boolean lostConnection(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("53300"));
    }

    private static String rootText(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
