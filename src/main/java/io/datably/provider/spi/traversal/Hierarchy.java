package io.datably.provider.spi.traversal;

import io.datably.provider.spi.Capabilities;

import io.datably.query.plan.BoundCondition;
import io.datably.query.plan.BoundQuery;
import io.datably.schema.model.Field;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Walks along a table's self-referencing foreign key (issue 15: ancestors, descendants, trees, siblings). Every record
 * a walk answers carries three computed members after its fields: {@value #DEPTH} (0 for a start, 1 for a child or a
 * parent), {@value #PATH} (the keys from the start to it, both included) and {@value #IS_LEAF} (no child the walk may
 * visit). A field of one of these names is left out of these answers: the computed member takes its place.
 */
public final class Hierarchy {
    public static final String DEPTH = "depth";
    public static final String PATH = "path";
    public static final String IS_LEAF = "is_leaf";
    /** The names the answers compute; fields of these names are replaced (trees also add {@code children}). */
    public static final Set<String> COMPUTED = Set.of(DEPTH, PATH, IS_LEAF, "children");

    private Hierarchy() {
    }

    /** How the traversal is carried out, as {@link Capabilities#hierarchy()} tells. */
    public enum Strategy {
        /** One {@code WITH RECURSIVE … CYCLE} statement per request (PostgreSQL 14+). */
        RECURSIVE_QUERY,
        /** The service walks level by level, one {@code $in} query per level (not per node), with a visited set. */
        LEVEL_QUERIES
    }

    /**
     * A self-reference: {@code parent} of a record holds the {@code key} of its parent (null: a root). Both single
     * fields of the same type.
     */
    public record Link(Field key, Field parent) {
    }

    /**
     * Bounds and visibility shared by every walk.
     *
     * @param within   what every visited node must meet (the caller's row filter, soft-delete visibility, and for
     *                 trees the request's filters), or null: a node that fails it is neither answered nor walked
     *                 through
     * @param maxDepth how far from the start(s) the walk goes
     * @param maxNodes the most nodes visited, start(s) included; more is cut and said ({@link Answer#truncated})
     * @param timeout  the longest one statement may run
     */
    public record Bounds(BoundCondition within, int maxDepth, int maxNodes, Duration timeout) {
    }

    /**
     * A walk down from the records meeting {@code start} (and {@code bounds.within()}). {@code result} selects what
     * is answered of the nodes reached: its {@code where} (the request's filters, with {@code within}), its ordering
     * within a level (levels come in depth order), its fields, its window and its count; its expansions, search and
     * cursor are never set. {@code minDepth} 0 answers the starts too, 1 only what lies below them.
     */
    public record Walk(Link link, BoundCondition start, Bounds bounds, int minDepth, BoundQuery result) {
    }

    /**
     * A walk up from the record meeting {@code start} (its key): its parent, the parent's parent, … nearest first,
     * rendered with {@code fields}.
     */
    public record Climb(Link link, BoundCondition start, Bounds bounds, List<Field> fields) {
    }

    /**
     * What a walk found.
     *
     * @param starts    how many start records the walk began from (0: none visible)
     * @param count     how many records {@code result} selects of those reached (-1 when not counted)
     * @param truncated the walk stopped at {@code maxNodes} with more to visit
     * @param results   the JSON array text of the answered records, each with the computed members
     */
    public record Answer(long starts, long count, boolean truncated, String results) {
    }
}
