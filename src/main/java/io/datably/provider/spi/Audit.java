package io.datably.provider.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** The audit trail of record changes as providers see it: who writes, which entries to read, an entry to append. */
public interface Audit {

    /**
     * Who writes, for the audit trail of a table's records: a write through a descriptor carrying a stamp records an
     * audit entry per changed record (on PostgreSQL in the same statement as the change). Descriptors of tables with
     * {@code "datably:audit": false}, of views, and of the service's own rewrites (schema migrations) carry none.
     *
     * @param tableId   the DataTable's catalog id (entries outlive renames)
     * @param tableName the DataTable's name when written
     * @param actor     the caller's subject ({@code local} in local mode; null for a token without one)
     * @param requestId the request's id ({@code X-Request-Id}), tying the entries of one request together
     */
    record Stamp(long tableId, String tableName, String actor, String requestId) {
    }

    /**
     * Which audit entries of one table to read: all of them (its trail) or one record's ({@code recordKey}, its primary
     * key fields and values), narrowed by actor, action and time ({@code since} inclusive, {@code until} exclusive; any
     * may be null), newest first unless {@code oldestFirst}, one window of them.
     */
    record Query(long tableId, ObjectNode recordKey, String actor, String action, Instant since,
                             Instant until, boolean oldestFirst, int limit, long offset) {
    }

    /**
     * An audit entry written apart from a record change, e.g. an import's summary ({@code details}: rows written, mode).
     * Entries of single changes are written by the providers with the change itself.
     */
    record Entry(Stamp stamp, JsonNode recordKey, String action, JsonNode before, JsonNode after,
                             JsonNode details) {
    }
}
