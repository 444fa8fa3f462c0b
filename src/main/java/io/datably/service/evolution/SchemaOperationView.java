package io.datably.service.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.catalog.SchemaOperation;
import io.datably.service.Json;
import java.time.Duration;
import java.time.Instant;

/**
 * A SchemaOperation as the API shows it: schemas as JSON, the changelog (YAML) and the SQL it ran, timing, and
 * whether it can be rolled back ({@code reversible}; {@code irreversible} says why not). A {@code rename} shows the
 * table's names before and after ({@code name_before}, {@code name_after}; null for every other operation).
 */
public record SchemaOperationView(long id, long datatable, String operation, String status, JsonNode schemaBefore,
                                  JsonNode schemaAfter, String hashBefore, String hashAfter, String changelog,
                                  String sql, String actor, Instant startedAt, Instant finishedAt, Long durationMs,
                                  String error, boolean reversible, String irreversible, String nameBefore,
                                  String nameAfter) {

    public static SchemaOperationView of(SchemaOperation op) {
        boolean schemaChange = op.operation.equals("update") || op.operation.equals("rollback");
        return new SchemaOperationView(op.id, op.datatableId, op.operation, op.status,
                op.schemaBefore == null ? null : Json.parse(op.schemaBefore),
                op.schemaAfter == null ? null : Json.parse(op.schemaAfter), op.hashBefore, op.hashAfter,
                op.changelog, op.sql, op.actor, op.startedAt.toInstant(),
                op.finishedAt == null ? null : op.finishedAt.toInstant(),
                op.finishedAt == null ? null : Duration.between(op.startedAt, op.finishedAt).toMillis(), op.error,
                schemaChange && op.status.equals("applied") && op.irreversible == null, op.irreversible,
                op.nameBefore, op.nameAfter);
    }
}
