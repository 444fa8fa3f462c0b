package io.datably.service.evolution;

import io.datably.catalog.DataTable;
import io.datably.catalog.SchemaOperation;
import io.datably.catalog.SchemaOperationRepository;
import io.datably.schema.validate.CanonicalJson;
import io.datably.security.CallerContext;
import io.datably.service.Clock;
import io.datably.service.Json;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import java.time.OffsetDateTime;

/** Writes the SchemaOperation history; callers run it inside their transaction. */
@ApplicationScoped
public class SchemaOperations {
    /** The actor of a change made outside any request (none today; a guard for background work). */
    private static final String SYSTEM = "system";
    private final SchemaOperationRepository repository;
    private final CallerContext callers;

    public SchemaOperations(SchemaOperationRepository repository, CallerContext callers) {
        this.repository = repository;
        this.callers = callers;
    }

    public Uni<SchemaOperation> record(DataTable table, String operation, String before, String after, String sql) {
        OffsetDateTime now = Clock.now();
        SchemaOperation op = operation(table, operation, before, after, now, now);
        op.sql = sql;
        return repository.persist(op);
    }

    /** A new operation row with its schemas and their hashes, applied unless the caller says otherwise. */
    public SchemaOperation operation(DataTable table, String operation, String before, String after,
                                     OffsetDateTime startedAt, OffsetDateTime finishedAt) {
        SchemaOperation op = new SchemaOperation();
        op.tenant = table.tenant;
        op.datatableId = table.id;
        op.operation = operation;
        op.status = "applied";
        op.schemaBefore = before;
        op.schemaAfter = after;
        op.hashBefore = before == null ? null : CanonicalJson.sha256Hex(Json.parse(before));
        op.hashAfter = after == null ? null : CanonicalJson.sha256Hex(Json.parse(after));
        op.actor = actor();
        op.startedAt = startedAt;
        op.finishedAt = finishedAt;
        return op;
    }

    /** Who makes the change: the request's caller (the token's subject; {@code local} in local mode). */
    private String actor() {
        try {
            return callers.caller().id();
        } catch (ContextNotActiveException | IllegalStateException outsideARequest) {
            return SYSTEM;
        }
    }

    public Uni<SchemaOperation> persist(SchemaOperation op) {
        return repository.persist(op);
    }

    /** A table's operations, oldest first. */
    public io.quarkus.hibernate.reactive.panache.PanacheQuery<SchemaOperation> of(DataTable table) {
        return repository.find("datatableId = ?1 order by id", table.id);
    }

    public Uni<SchemaOperation> find(DataTable table, long id) {
        return repository.find("datatableId = ?1 and id = ?2", table.id, id).firstResult();
    }

    public Uni<Long> forget(Long datatableId) {
        return repository.deleteOfTable(datatableId);
    }
}
