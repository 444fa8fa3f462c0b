package io.datably.query.model;

/**
 * Which records of a table a caller may reach, as an authorization policy decided it: all of them, none, or those
 * meeting a condition on the table's own fields (one-segment paths). The planner adds it to every query on the table,
 * so each provider pushes it down with the user's own filters.
 */
public sealed interface RowFilter {
    /** Every record. */
    RowFilter ALL = new All();
    /** No record. */
    RowFilter NONE = new None();

    record All() implements RowFilter {
    }

    record None() implements RowFilter {
    }

    /** The records meeting {@code condition}. */
    record Only(Condition condition) implements RowFilter {
    }
}
