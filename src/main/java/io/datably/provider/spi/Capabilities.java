package io.datably.provider.spi;

/**
 * What a provider can do natively, so the service refuses (4xx) or supplies a portable fallback rather than
 * degrading silently. Grows with the query engine.
 *
 * @param enforcesForeignKeys the store itself rejects dangling references (else the service checks on write)
 * @param atomicBatches       a multi-record write is one transaction (else the provider compensates)
 */
public record Capabilities(boolean enforcesForeignKeys, boolean atomicBatches) {
}
