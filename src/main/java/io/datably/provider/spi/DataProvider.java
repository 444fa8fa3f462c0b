package io.datably.provider.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.query.plan.BoundQuery;
import io.datably.schema.model.TableSchema;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Optional;

/**
 * A storage engine for DataTables. Records in and out are canonical JSON (see {@code RecordCaster}): the service
 * has validated and cast them, so a provider only maps them to its store and back.
 * Failures are {@code DatablyException}s with the store's errors translated (duplicate key → DUPLICATE, ...).
 */
public interface DataProvider {

    /** The {@code provider_type} this provider serves: {@code flat_table}, {@code jsonb} or {@code mongodb}. */
    String providerType();

    Capabilities capabilities();

    /** Throws {@code PROVIDER_NOT_CONFIGURED} naming the missing setting when the store is not set up. */
    void checkAvailable();

    /**
     * Problems that stop this provider from storing a valid schema (e.g. names longer than PostgreSQL allows),
     * as {@code (JSON path, code, message)}; empty when it can store it.
     */
    default List<ProblemItem> storageProblems(TableSchema schema) {
        return List.of();
    }

    /** Throws {@code SCHEMA_NOT_STORABLE} listing the {@link #storageProblems} of {@code schema}, if any. */
    default void requireStorable(TableSchema schema) {
        List<ProblemItem> problems = storageProblems(schema);
        if (!problems.isEmpty()) {
            throw new DatablyException(ErrorCode.SCHEMA_NOT_STORABLE, "The " + providerType()
                    + " provider cannot store this schema", problems);
        }
    }

    /**
     * Problems that stop this provider from storing a record the schema accepts (e.g. a NUL character in PostgreSQL
     * text, an integer beyond a bigint column), as {@code (field, code, message)}; empty when it can store it.
     * {@code record} holds cast values, possibly only some fields (a change, a key).
     */
    default List<ProblemItem> recordProblems(TableSchema schema, ObjectNode record) {
        return List.of();
    }

    /**
     * Creates the physical table or collection (and its namespace when missing). Idempotent. Answers what it ran
     * (a changelog and its SQL, or steps), for the SchemaOperation history.
     */
    Uni<MigrationPlan> materialize(TableDescriptor table);

    /**
     * The tables and views already in a tenant's storage namespace, with inferred schemas, for adoption; a 400 for
     * stores that cannot describe theirs.
     */
    default Uni<List<ExistingTable>> existingTables(String namespace) {
        return Uni.createFrom().failure(unsupported("Adopting existing tables is supported on flat_table datasources "
                + "only"));
    }

    /**
     * What this provider would do to carry a materialized table from {@code migration.before()} to
     * {@code migration.after()}; nothing is changed. A 400 for changes it cannot make (e.g. a new primary key where
     * the key is stored apart from the record).
     */
    default MigrationPlan planMigration(Migration migration) {
        throw unsupported("The " + providerType() + " provider cannot change the schema of a materialized table");
    }

    /**
     * Carries out a plan. Whether the stored records themselves change here or the service rewrites them first is
     * the plan's {@link MigrationPlan#convertsRecords()}.
     */
    default Uni<Void> applyMigration(Migration migration, MigrationPlan plan) {
        return Uni.createFrom().failure(unsupported("The " + providerType()
                + " provider cannot change the schema of a materialized table"));
    }

    /**
     * Replaces records in place by their new form ({@code keys.get(i)} addresses {@code records.get(i)}; a migration
     * never changes keys), for migrations whose plan does not convert records itself. One round trip where the
     * store allows; this default replaces them one by one.
     */
    default Uni<Void> rewrite(TableDescriptor table, List<RecordKey> keys, List<ObjectNode> records) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < keys.size(); i++) {
            RecordKey key = keys.get(i);
            ObjectNode record = records.get(i);
            chain = chain.chain(() -> replace(table, key, record).replaceWithVoid());
        }
        return chain;
    }

    /**
     * Inserts all records or none; returns each stored record, as read back, in input order. A value the store
     * refuses is named {@code [i].field}, {@code i} the record's position.
     */
    Uni<List<String>> insert(TableDescriptor table, List<ObjectNode> records);

    Uni<Optional<String>> find(TableDescriptor table, RecordKey key);

    /**
     * The record of that key if it also meets {@code where}, a condition on the table's own fields (a caller's row
     * filter: no relations, no search), else empty: one statement, as cheap as a plain read by key.
     */
    Uni<Optional<String>> find(TableDescriptor table, RecordKey key, io.datably.query.plan.BoundCondition where);

    /**
     * The record of that key shaped as a read asks ({@code GET records/{pk}/?fields=…&expand=…}): only if it meets
     * {@code read.where()} (a caller's row filter on the table's own fields, or null), with {@code read.fields()} and
     * {@code read.expand()} (each expansion under its related table's row filter) as a list renders them; else empty.
     * Ordering, window, search and count of {@code read} do not apply. One statement where the store allows.
     */
    Uni<Optional<String>> find(TableDescriptor table, RecordKey key, BoundQuery read);

    /**
     * Runs a planned list query: filter, full-text search, ordering (with its tiebreak), window and projection,
     * counting as asked. Everything in {@code query} was checked against the schema and {@link #capabilities()}.
     */
    Uni<RecordPage> query(TableDescriptor table, BoundQuery query);

    /**
     * Runs a planned aggregate: filter, group, aggregate, having, order, limit. Returns the JSON array text of the
     * result rows, each an object of the keys then the aggregates under their output names, values canonical.
     */
    Uni<String> aggregate(TableDescriptor table, io.datably.query.plan.BoundAggregate aggregate);

    /** Replaces the whole record (every schema field is present in {@code record}); empty when no such key. */
    Uni<Optional<String>> replace(TableDescriptor table, RecordKey key, ObjectNode record);

    /** Changes only the fields present in {@code changes}; empty when no such key. */
    Uni<Optional<String>> update(TableDescriptor table, RecordKey key, ObjectNode changes);

    /** Deletes one record; false when no such key. */
    Uni<Boolean> delete(TableDescriptor table, RecordKey key);

    /** Whether a record exists whose {@code fields} equal {@code values} (used to check references). */
    Uni<Boolean> exists(TableDescriptor table, List<String> fields, List<JsonNode> values);

    /**
     * {@link #exists}, where the store can, holding what it found against deletion until the caller's transaction
     * ends (PostgreSQL: {@code FOR KEY SHARE}, as its own foreign keys do): a write confirming its reference's target.
     */
    default Uni<Boolean> existsShared(TableDescriptor table, List<String> fields, List<JsonNode> values) {
        return exists(table, fields, values);
    }

    Uni<TableStats> stats(TableDescriptor table);

    /** The table's indexes as the store's catalog lists them, the service's own ones marked managed. */
    default Uni<List<IndexInfo>> listIndexes(TableDescriptor table) {
        return Uni.createFrom().failure(unsupported("The " + providerType() + " provider does not manage indexes"));
    }

    /**
     * Builds an index without blocking writes (a 400 naming the culprit when the store cannot build this kind, a 409
     * when existing records hold duplicates of a unique index, and nothing left behind on failure). Answers the
     * statement or command that built it, for the SchemaOperation history.
     */
    default Uni<String> createIndex(TableDescriptor table, IndexDefinition index) {
        return Uni.createFrom().failure(unsupported("The " + providerType() + " provider does not manage indexes"));
    }

    /** Drops an index {@link #listIndexes} listed as not managed, without blocking writes; answers the statement. */
    default Uni<String> dropIndex(TableDescriptor table, IndexInfo index) {
        return Uni.createFrom().failure(unsupported("The " + providerType() + " provider does not manage indexes"));
    }

    // Soft delete (issue 14). The marker (SoftDelete) is made by materialize and by migrations that turn the
    // setting on; reads see it through BoundCondition.Deleted; update and replace leave marked records alone (empty);
    // delete removes a record for good, marked or not.

    /**
     * Marks the live record of that key deleted, at {@code at} by {@code by} (a caller's subject); false when no live
     * record has that key (none, or already marked).
     */
    Uni<Boolean> softDelete(TableDescriptor table, RecordKey key, String by, java.time.Instant at);

    /** Clears the mark of the soft-deleted record of that key; the record as restored, empty when none is marked. */
    Uni<Optional<String>> restore(TableDescriptor table, RecordKey key);

    // --- Bulk changes by filter and upserts (issue 14) ---

    /**
     * Updates ({@code change.changes()} non-null) or deletes every record the change's query selects, all or nothing:
     * one statement on PostgreSQL, a bulk write on MongoDB. Writes nothing when more than
     * {@code change.maxRecords()} match, on a dry run, or when a changed record would leave {@code change.keep()}.
     */
    Uni<BulkWrite.Count> changeWhere(TableDescriptor table, BulkWrite.Change change);

    /**
     * Inserts each record (cast as for a create), or replaces the values of the stored one with the same values of
     * {@code conflictFields} (the primary key or a unique field or key), keeping its primary key; answers each in input
     * order, with whether it was created.
     */
    Uni<List<BulkWrite.Upserted>> upsert(TableDescriptor table, List<ObjectNode> records, List<String> conflictFields);

    // --- Atomic batches (issue 14) ---

    /**
     * Runs {@code work} as one unit of writes: {@code work} is given a provider whose every call belongs to the unit
     * (its reads see the unit's earlier writes). PostgreSQL: one transaction on one connection, committed when
     * {@code work} succeeds and rolled back when it fails. MongoDB here has no transactions: the writes are applied as
     * they come and, when {@code work} fails, undone in reverse order (see {@code MongoJournal}); others may see them
     * in between.
     */
    <T> Uni<T> atomically(java.util.function.Function<DataProvider, Uni<T>> work);

    // --- Import (issue 14: import and export) ---

    /**
     * Starts an all-or-nothing load of many records (an import): the batches written through it are kept only when
     * it is committed. See {@link BulkLoad} for what each store guarantees.
     */
    Uni<BulkLoad> openLoad(TableDescriptor table);

    // --- Audit trail of record changes (issue 14) ---
    // Writes through a descriptor with an Audit.Stamp record one entry per changed record: on PostgreSQL in the same
    // statement as the change, on MongoDB (no transactions) right after it.

    /** Makes the audit store of a namespace (a tenant's schema or database) when missing; idempotent. */
    Uni<Void> prepareAudit(String namespace);

    /**
     * A window of a namespace's audit entries as {@code query} selects them: the JSON array text of entry objects
     * ({@code id, at, table, table_id, record_key, action, actor, request_id, before, after, details}), and how many
     * there are in all.
     */
    Uni<RecordPage> auditEntries(String namespace, Audit.Query query);

    /** Appends an entry written apart from a change (an import's summary). */
    Uni<Void> appendAudit(String namespace, Audit.Entry entry);

    /** Deletes a namespace's entries older than {@code cutoff} (retention); how many went. */
    Uni<Long> pruneAudit(String namespace, java.time.Instant cutoff);

    // --- Hierarchies (issue 15): walks along a self-referencing foreign key, see Hierarchy ---

    /**
     * The records below (and, with {@code minDepth} 0, including) the starts of {@code walk}, level by level, each
     * node visited once (cycles end the walk), within its bounds; {@code walk.result()} selects, orders within a level,
     * windows and counts what is answered.
     */
    Uni<io.datably.provider.spi.traversal.Hierarchy.Answer> descendants(TableDescriptor table, io.datably.provider.spi.traversal.Hierarchy.Walk walk);

    /** The chain above the record of {@code climb.start()}, nearest first; no start visible: {@code starts} 0. */
    Uni<io.datably.provider.spi.traversal.Hierarchy.Answer> ancestors(TableDescriptor table, io.datably.provider.spi.traversal.Hierarchy.Climb climb);

    // --- Graphs (issue 15): walks over a table's records joined by an edges table (see Graph) ---

    /**
     * A whole walk in one statement, for providers whose {@link Capabilities#recursiveWalks()} say so (PostgreSQL: a
     * recursive CTE); the others are walked by the service one {@link #graphLevel} at a time.
     */
    default Uni<io.datably.provider.spi.graph.Graph.Walked> walkGraph(
            io.datably.provider.spi.graph.Graph.Walk walk) {
        return Uni.createFrom().failure(unsupported("The " + providerType() + " provider does not walk graphs in "
                + "one query"));
    }

    /** The edges of one level of a walk: one query for the whole frontier (not one per node). */
    Uni<List<io.datably.provider.spi.graph.Graph.Hop>> graphLevel(
            io.datably.provider.spi.graph.Graph.Level level);

    /** What a provider answers for what it does not offer: a 400 saying so. */
    private static DatablyException unsupported(String message) {
        return new DatablyException(ErrorCode.UNSUPPORTED_BY_PROVIDER, message);
    }
}
