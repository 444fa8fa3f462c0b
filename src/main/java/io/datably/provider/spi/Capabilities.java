package io.datably.provider.spi;

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
 * @param recursiveWalks      it walks a graph in one recursive query ({@code DataProvider.walkGraph}); else the
 *                            service walks it level by level ({@code DataProvider.graphLevel})
 */
public record Capabilities(boolean enforcesForeignKeys, boolean atomicBatches, Set<Op> operators,
                           boolean fullTextSearch, ValueLimits limits, boolean recursiveWalks) {
    public Capabilities {
        operators = operators.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(operators));
    }

    public Capabilities(boolean enforcesForeignKeys, boolean atomicBatches, Set<Op> operators,
                        boolean fullTextSearch, ValueLimits limits) {
        this(enforcesForeignKeys, atomicBatches, operators, fullTextSearch, limits, false);
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
