package io.datably.service;

import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.smallrye.mutiny.Uni;

/**
 * Requests that race a migration: one that read the catalog just before a schema change committed and reached the
 * store just after fails on a column that is gone (SCHEMA_CHANGED). Running it once more reads the new catalog, so
 * reads and writes keep working across a migration. Safe for writes too: the failed statement changed nothing.
 */
public final class SchemaChanges {
    private SchemaChanges() {
    }

    public static <T> Uni<T> retryOnce(Uni<T> request) {
        return request.onFailure(SchemaChanges::isSchemaChange).retry().atMost(1);
    }

    private static boolean isSchemaChange(Throwable failure) {
        return failure instanceof DatablyException e && e.code() == ErrorCode.SCHEMA_CHANGED;
    }
}
