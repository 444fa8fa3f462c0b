package io.datably.provider.spi;

import io.datably.provider.spi.traversal.Hierarchy;
import io.datably.query.model.Op;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a provider can do natively, so the planner refuses the rest with a 4xx naming the operator and provider
 * (or the service supplies a portable fallback) rather than degrading silently.
 *
 * @param enforcesForeignKeys the store itself rejects dangling references (else the service checks on write)
 * @param atomicBatches       a multi-record write is one transaction (else the provider compensates)
 * @param operators           the filter operators it evaluates
 * @param fullTextSearch      it evaluates {@code search=} (with ranking)
 * @param limits              the values it cannot hold, refused before they reach it
 * @param hierarchy           how it walks self-references (ancestors, descendants, trees) and graphs: one recursive
 *                            statement, or level by level in the service (see {@link #recursiveWalks()})
 */
public record Capabilities(boolean enforcesForeignKeys, boolean atomicBatches, Set<Op> operators,
                           boolean fullTextSearch, ValueLimits limits, Hierarchy.Strategy hierarchy) {
    public Capabilities {
        operators = operators.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(operators));
    }

    /** A provider walking hierarchies with one recursive statement (PostgreSQL's way). */
    public Capabilities(boolean enforcesForeignKeys, boolean atomicBatches, Set<Op> operators,
                        boolean fullTextSearch, ValueLimits limits) {
        this(enforcesForeignKeys, atomicBatches, operators, fullTextSearch, limits,
                Hierarchy.Strategy.RECURSIVE_QUERY);
    }

    /** The same capabilities, hierarchies walked as {@code strategy} says. */
    public Capabilities withHierarchy(Hierarchy.Strategy strategy) {
        return new Capabilities(enforcesForeignKeys, atomicBatches, operators, fullTextSearch, limits, strategy);
    }

    /**
     * Whether it walks a graph in one recursive query ({@code DataProvider.walkGraph}); else the service walks it level
     * by level ({@code DataProvider.graphLevel}). The same way as its hierarchies.
     */
    public boolean recursiveWalks() {
        return hierarchy == Hierarchy.Strategy.RECURSIVE_QUERY;
    }

    public Capabilities(boolean enforcesForeignKeys, boolean atomicBatches, Set<Op> operators,
                        boolean fullTextSearch) {
        this(enforcesForeignKeys, atomicBatches, operators, fullTextSearch, ValueLimits.NONE);
    }

    /** Every operator and search: what the PostgreSQL providers offer. */
    public Capabilities(boolean enforcesForeignKeys, boolean atomicBatches) {
        this(enforcesForeignKeys, atomicBatches, EnumSet.allOf(Op.class), true);
    }
}
