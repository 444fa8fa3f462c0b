package io.datably.provider.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.query.plan.BoundCondition;
import io.datably.query.plan.BoundQuery;

/** What bulk changes by filter and upserts hand to a provider and get back (issue 14). */
public final class BulkWrite {
    private BulkWrite() {
    }

    /**
     * A change of every record {@code match} selects (its where and search; window and ordering do not apply).
     *
     * @param changes    the cast values to set (update), or null (delete); never a primary key field
     * @param maxRecords the most records the change may touch: with more matched, nothing is written
     * @param dryRun     count only, write nothing
     * @param keep       a condition (on the table's own fields) every changed record must still meet after the
     *                   change, or nothing is written; null when any result is allowed
     * @param mark       a delete on a soft-delete table: the marker to set on every matched record instead of
     *                   removing it (with {@code changes} null); null otherwise
     * @param removedFields a delete that removes records: the fields of each removed record to hand back in
     *                   {@link Count#removed()} (the service looks for records still referencing them); empty: none
     */
    public record Change(BoundQuery match, ObjectNode changes, long maxRecords, boolean dryRun, BoundCondition keep,
                         Mark mark, java.util.List<String> removedFields) {
        public Change {
            removedFields = java.util.List.copyOf(removedFields);
        }

        public Change(BoundQuery match, ObjectNode changes, long maxRecords, boolean dryRun, BoundCondition keep,
                      Mark mark) {
            this(match, changes, maxRecords, dryRun, keep, mark, java.util.List.of());
        }
    }

    /** A soft delete's marker: by whose subject, and when. */
    public record Mark(String by, java.time.Instant at) {
    }

    /**
     * What a bulk change found and did.
     *
     * @param matched records the filter selected
     * @param changed records whose stored values differ after the change (all matched ones for a delete); on a dry
     *                run, those that would
     * @param escaped changed records that would leave {@link Change#keep()}: when above 0, nothing was written
     * @param applied whether the change was written (false on a dry run, past the ceiling, or with escapes)
     * @param removed the removed records' {@link Change#removedFields()}, one object each (empty when none asked)
     */
    public record Count(long matched, long changed, long escaped, boolean applied, java.util.List<ObjectNode> removed) {
        public Count {
            removed = java.util.List.copyOf(removed);
        }

        public Count(long matched, long changed, long escaped, boolean applied) {
            this(matched, changed, escaped, applied, java.util.List.of());
        }
    }

    /** One upserted record, as stored, and whether it was created (else an existing one was updated). */
    public record Upserted(String json, boolean created) {
    }
}
