package io.datably.schema.model;

import java.util.Set;

/**
 * Soft delete of a table's records ({@code "datably:softDelete": true}): a deleted record is marked, not removed.
 * The marker lives outside the user's fields, under names a soft-delete table's schema may not use for its own
 * fields: flat_table and jsonb add the columns {@value #DELETED_AT} ({@code timestamptz}) and {@value #DELETED_BY}
 * ({@code text}); mongodb stores them as top-level document fields. A record is deleted when {@value #DELETED_AT}
 * is set.
 */
public final class SoftDelete {
    /** The schema setting that turns soft delete on. */
    public static final String SETTING = "datably:softDelete";
    /** When the record was deleted; null (or absent) while it is live. */
    public static final String DELETED_AT = "_deleted_at";
    /** The subject of the caller who deleted it. */
    public static final String DELETED_BY = "_deleted_by";
    /** Field names a soft-delete table cannot have: they hold the marker. */
    public static final Set<String> RESERVED = Set.of(DELETED_AT, DELETED_BY);

    private SoftDelete() {
    }

    /** Which records a read sees: the live ones (always, unless asked), every one, or only the deleted ones. */
    public enum Visibility {
        LIVE, INCLUDE, ONLY
    }
}
