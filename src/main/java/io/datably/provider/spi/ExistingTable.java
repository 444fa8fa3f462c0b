package io.datably.provider.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A table or view found in a tenant's storage that no DataTable describes yet, with the Table Schema inferred from
 * the store's catalog (what adoption registers).
 */
public record ExistingTable(String name, boolean view, ObjectNode schema) {
}
