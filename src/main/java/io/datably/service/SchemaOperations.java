package io.datably.service;

import io.datably.catalog.DataTable;
import io.datably.catalog.SchemaOperation;
import io.datably.catalog.SchemaOperationRepository;
import io.datably.schema.validate.CanonicalJson;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Writes the SchemaOperation history; callers run it inside their transaction. */
@ApplicationScoped
public class SchemaOperations {
    /** Until authentication lands, changes are made by the tenant's anonymous principal. */
    private static final String ANONYMOUS = "anonymous";
    private final SchemaOperationRepository repository;

    public SchemaOperations(SchemaOperationRepository repository) {
        this.repository = repository;
    }

    public Uni<SchemaOperation> record(DataTable table, String operation, String before, String after, String sql) {
        SchemaOperation op = new SchemaOperation();
        op.tenant = table.tenant;
        op.datatableId = table.id;
        op.operation = operation;
        op.status = "applied";
        op.schemaBefore = before;
        op.schemaAfter = after;
        op.hashBefore = before == null ? null : CanonicalJson.sha256Hex(Json.parse(before));
        op.hashAfter = after == null ? null : CanonicalJson.sha256Hex(Json.parse(after));
        op.sql = sql;
        op.actor = ANONYMOUS;
        op.startedAt = Clock.now();
        op.finishedAt = op.startedAt;
        return repository.persist(op);
    }

    public Uni<Long> forget(Long datatableId) {
        return repository.deleteOfTable(datatableId);
    }
}
