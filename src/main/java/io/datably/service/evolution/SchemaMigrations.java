package io.datably.service.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.catalog.DataTable;
import io.datably.catalog.DataTableRepository;
import io.datably.catalog.DataTableRepository.SchemaSwitch;
import io.datably.catalog.SchemaOperation;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.provider.spi.DataProvider;
import io.datably.provider.spi.Migration;
import io.datably.provider.spi.MigrationPlan;
import io.datably.provider.spi.RecordKey;
import io.datably.provider.spi.TableDescriptor;
import io.datably.schema.evolution.Breakage;
import io.datably.schema.evolution.MigrationFindings;
import io.datably.schema.evolution.RecordMigration;
import io.datably.schema.evolution.SchemaDiff;
import io.datably.schema.evolution.SqlTypesCarried;
import io.datably.schema.evolution.SqlFailures;
import io.datably.schema.model.ForeignKey;
import io.datably.schema.model.TableSchema;
import io.datably.schema.validate.CanonicalJson;
import io.datably.schema.validate.FieldViolation;
import io.datably.service.Clock;
import io.datably.service.Json;
import io.datably.service.ProviderRegistry;
import io.datably.service.SchemaCache;
import io.datably.service.tables.TableResolver;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Schema changes of materialized tables. Under the table's structure lock (so changes run one after the other, on
 * every instance), against the schema current at that moment:
 * <ol>
 *   <li>diff old → new ({@link SchemaDiff}); other tables' foreign keys to renamed fields are carried to the new
 *       names, and a change that would break one is refused ({@link ReferencingTables}); the provider plans its part
 *       (a Liquibase changelog, or index steps);</li>
 *   <li>every stored record is carried to the new schema and checked by the new schema's caster; what it would
 *       break is counted per field and kind, with example keys ({@link MigrationFindings});</li>
 *   <li>{@code dry_run} stops here with the plan and the findings; a change that breaks records stops here with a
 *       409 unless each breakage is repairable and {@code allow_destructive=true};</li>
 *   <li>records are repaired (flat_table: rejected values cleared, then ALTER TABLE converts the rest) or rewritten
 *       in the new form (jsonb, mongodb), the plan is applied, and the catalog switches to the new schema;</li>
 *   <li>every outcome, failures included, becomes a SchemaOperation row.</li>
 * </ol>
 */
@ApplicationScoped
public class SchemaMigrations {
    private static final Logger LOG = Logger.getLogger(SchemaMigrations.class);

    private final DataTableRepository tables;
    private final TableResolver resolver;
    private final ProviderRegistry providers;
    private final SchemaCache schemas;
    private final SchemaOperations operations;
    private final AdvisoryLocks locks;

    public SchemaMigrations(DataTableRepository tables, TableResolver resolver, ProviderRegistry providers,
                            SchemaCache schemas, SchemaOperations operations, AdvisoryLocks locks) {
        this.tables = tables;
        this.resolver = resolver;
        this.providers = providers;
        this.schemas = schemas;
        this.operations = operations;
        this.locks = locks;
    }

    /** The outcome: the operation applied (null when nothing changed), or the preview of a dry run. */
    public record Result(SchemaOperation operation, MigrationPreview preview) {
    }

    /**
     * Changes the schema of the table {@code load} reads (loaded again under the lock) to {@code target}.
     *
     * @param operation the SchemaOperation name: {@code update}, or {@code rollback}
     */
    public Uni<Result> migrate(long tableId, Supplier<Uni<DataTable>> load, JsonNode target, String operation,
                               MigrationOptions options) {
        SchemaCache.parseClientSchema(SchemaDiff.withRenamesCarried(target));
        return locks.withDatatableLock(tableId, () -> load.get()
                .chain(table -> migrateLocked(table, target, operation, options)));
    }

    /**
     * Undoes applied operation {@code operationId}: migrates back to its schema_before (renaming back what it
     * renamed), as a {@code rollback} operation. 409 when the table changed since (roll those changes back first),
     * or when the change dropped or converted values that cannot be restored.
     */
    public Uni<Result> rollback(long tableId, Supplier<Uni<DataTable>> load, long operationId,
                                MigrationOptions options) {
        return locks.withDatatableLock(tableId, () -> load.get().chain(table -> Panache.withSession(
                        () -> operations.find(table, operationId))
                .chain(op -> {
                    if (op == null) {
                        throw DatablyException.notFound("Schema operation", String.valueOf(operationId));
                    }
                    if (!op.status.equals("applied") || !(op.operation.equals("update")
                            || op.operation.equals("rollback"))) {
                        throw DatablyException.conflict("Operation " + operationId + " (" + op.operation + ", "
                                + op.status + ") is not an applied schema change: only those can be rolled back");
                    }
                    if (!table.schemaHash.equals(op.hashAfter)) {
                        throw DatablyException.conflict("Table '" + table.name + "' changed after operation "
                                + operationId + " (it is at schema version " + table.schemaVersion
                                + "): roll back the later operations first");
                    }
                    if (op.irreversible != null) {
                        throw DatablyException.conflict("Operation " + operationId + " cannot be undone: "
                                + op.irreversible);
                    }
                    ObjectNode target = (ObjectNode) Json.parse(op.schemaBefore);
                    JsonNode renames = op.renames == null ? JsonNodeFactory.instance.objectNode()
                            : Json.parse(op.renames);
                    target.withArray("fields").forEach(field -> renames.properties().forEach(rename -> {
                        if (rename.getValue().asText().equals(field.path("name").asText())) {
                            ((ObjectNode) field).put(SchemaDiff.RENAMED_FROM, rename.getKey());
                        }
                    }));
                    return migrateLocked(table, target, "rollback", options);
                })));
    }

    private Uni<Result> migrateLocked(DataTable table, JsonNode sent, String operation, MigrationOptions options) {
        OffsetDateTime started = Clock.now();
        JsonNode target = SqlTypesCarried.into(SchemaDiff.withRenamesCarried(sent), Json.parse(table.jsonSchema));
        TableSchema newSchema = SchemaCache.parseClientSchema(target);
        JsonNode stored = SchemaDiff.withoutRenames(target);
        if (CanonicalJson.sha256Hex(stored).equals(table.schemaHash)) {
            return Uni.createFrom().item(new Result(null, options.dryRun() ? new MigrationPreview(true, List.of(),
                    null, null, List.of(), 0, List.of(), true) : null));
        }
        TableSchema oldSchema = schemas.of(table);
        SchemaDiff diff;
        try {
            diff = SchemaDiff.between(oldSchema, newSchema);
        } catch (IllegalArgumentException e) {
            throw DatablyException.invalidField("json_schema", "invalid_rename", e.getMessage());
        }
        DataProvider provider = providers.of(table.datasource.providerType);
        provider.checkAvailable();
        provider.requireStorable(newSchema);
        Map<String, JsonNode> backfill = MigrationRules.castBackfill(newSchema, options.backfill());
        return Panache.withSession(() -> resolver.checkReferences(table.datasource, table.name, newSchema, true)
                        .chain(() -> tables.activeOf(table.datasource)))
                .map(active -> ReferencingTables.carry(table, oldSchema, newSchema, diff, active, schemas))
                .chain(carried -> resolver.descriptorOf(table).chain(before -> resolver.descriptorOf(table, newSchema)
                        .chain(after -> {
                            int version = table.schemaVersion + 1;
                            List<SchemaSwitch> switches = new ArrayList<>();
                            switches.add(new SchemaSwitch(table.id, CanonicalJson.write(stored),
                                    CanonicalJson.sha256Hex(stored), version));
                            carried.forEach(c -> switches.add(c.schemaSwitch()));
                            Migration migration = new Migration(before, after, diff, backfill, version,
                                    DataTableRepository.schemaSwitchSql(switches));
                            MigrationPlan plan = provider.planMigration(migration);
                            RecordMigration records = new RecordMigration(diff, newSchema, backfill);
                            MigrationFindings findings = new MigrationFindings(newSchema);
                            findings.expectReferences(addedForeignKeys(diff), table.name);
                            Uni<Void> check = !MigrationRules.canBreakRecords(diff, backfill)
                                    ? Uni.createFrom().voidItem() : RecordScan.forEachPage(provider, before, page -> {
                                        page.forEach(record -> findings.add(record, records.migrate(record)));
                                        return Uni.createFrom().voidItem();
                                    });
                            return check.chain(() -> checkNewReferences(table, provider, diff, findings))
                                    .chain(() -> SoftDeleteSwitch.requireNoneDeleted(provider, before, newSchema))
                                    .chain(() -> decide(table, stored, operation, options, provider, migration, plan,
                                            records, findings, started, carried));
                        })));
    }

    private Uni<Result> decide(DataTable table, JsonNode stored, String operation, MigrationOptions options,
                               DataProvider provider, Migration migration, MigrationPlan plan,
                               RecordMigration records, MigrationFindings findings, OffsetDateTime started,
                               List<ReferencingTables.Carried> carried) {
        List<Breakage> breaking = findings.breakages();
        List<Breakage> blocking = breaking.stream()
                .filter(b -> !(options.allowDestructive() && b.repairable())).toList();
        if (options.dryRun()) {
            List<String> changes = new ArrayList<>(migration.diff().describe());
            carried.forEach(c -> changes.add(c.description()));
            return Uni.createFrom().item(new Result(null, new MigrationPreview(true, changes,
                    plan.changelog(), plan.sql(), plan.steps(), findings.records(), breaking, blocking.isEmpty())));
        }
        if (!blocking.isEmpty()) {
            throw MigrationRules.refused(table.name, blocking, findings.records());
        }
        String irreversible = MigrationRules.irreversible(breaking);
        Uni<Void> data = plan.convertsRecords() ? clearRejected(provider, migration, records, breaking)
                : rewrite(provider, migration, records);
        return data.chain(() -> provider.applyMigration(migration, plan))
                .chain(() -> switchSchema(table.id, table.jsonSchema, migration.version(), stored, operation, plan,
                        started, irreversible, MigrationRules.renames(migration.diff()), carried))
                .onFailure(SchemaMigrations::endsTheChange)
                .recoverWithUni(failure -> failed(table, stored, operation, plan, started, failure));
    }

    private static List<ForeignKey> addedForeignKeys(SchemaDiff diff) {
        return diff.changes().stream().filter(c -> c instanceof SchemaDiff.ForeignKeyAdded)
                .map(c -> ((SchemaDiff.ForeignKeyAdded) c).key()).toList();
    }

    /**
     * A new foreign key must hold for the records already stored: the referenced table's key values are read (in
     * pages, like the check) and each reference without a target is a breakage. flat_table would refuse the
     * constraint anyway; jsonb and mongodb would not, and only writes from then on would be checked.
     */
    private Uni<Void> checkNewReferences(DataTable table, DataProvider provider, SchemaDiff diff,
                                         MigrationFindings findings) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ForeignKey fk : addedForeignKeys(diff)) {
            if (fk.selfReference() || fk.resource().equals(table.name)) {
                chain = chain.invoke(() -> findings.missingTargets(fk, Set.of()));
                continue;
            }
            Set<String> existing = new HashSet<>();
            chain = chain.chain(() -> Panache.withSession(() -> tables.findByName(table.datasource, fk.resource())))
                    .chain(resolver::descriptorOf)
                    .chain(target -> RecordScan.forEachPage(provider, target, page -> {
                        page.forEach(record -> existing.add(MigrationFindings.tuple(record, fk.referenceFields())));
                        return Uni.createFrom().voidItem();
                    }))
                    .invoke(() -> findings.missingTargets(fk, existing));
        }
        return chain;
    }

    /** flat_table: values the new schema rejects are set to null first (allowed by allow_destructive). */
    private Uni<Void> clearRejected(DataProvider provider, Migration migration, RecordMigration records,
                                    List<Breakage> breaking) {
        boolean anyToClear = breaking.stream().anyMatch(b -> !b.code().equals("data_loss"));
        if (!anyToClear) {
            return Uni.createFrom().voidItem();
        }
        TableDescriptor before = migration.before();
        requireKey(before);
        return RecordScan.forEachPage(provider, before, page -> Multi.createFrom().iterable(page)
                .onItem().transformToUniAndConcatenate(record -> {
                    ObjectNode cleared = JsonNodeFactory.instance.objectNode();
                    for (FieldViolation v : records.migrate(record).violations()) {
                        String old = records.oldName(v.field());
                        if (!v.code().equals("data_loss") && old != null) {
                            cleared.putNull(old);
                        }
                    }
                    return cleared.isEmpty() ? Uni.createFrom().voidItem()
                            : provider.update(before, keyOf(before, record), cleared).replaceWithVoid();
                }).collect().last().replaceWithVoid());
    }

    /** jsonb, mongodb: each record whose stored form changes is replaced by its new form, a page at a time. */
    private Uni<Void> rewrite(DataProvider provider, Migration migration, RecordMigration records) {
        TableDescriptor before = migration.before();
        return RecordScan.forEachPage(provider, before, page -> {
            List<RecordKey> keys = new ArrayList<>();
            List<ObjectNode> changed = new ArrayList<>();
            for (ObjectNode record : page) {
                ObjectNode migrated = records.migrate(record).record();
                if (!migrated.toString().equals(record.toString())) {
                    requireKey(before);
                    keys.add(keyOf(before, record));
                    changed.add(migrated);
                }
            }
            return provider.rewrite(migration.after(), keys, changed);
        });
    }

    private Uni<Result> switchSchema(long tableId, String beforeJson, int version, JsonNode stored, String operation,
                                     MigrationPlan plan, OffsetDateTime started, String irreversible,
                                     String renames, List<ReferencingTables.Carried> carried) {
        return Panache.withTransaction(() -> switchCarried(carried, started).chain(() -> tables.findById(tableId))
                .chain(table -> {
            // The provider may have switched the row already, in its DDL transaction: set values, never increment.
            String before = beforeJson;
            table.jsonSchema = CanonicalJson.write(stored);
            table.schemaHash = CanonicalJson.sha256Hex(stored);
            table.schemaVersion = version;
            table.updatedAt = Clock.now();
            SchemaOperation op = operations.operation(table, operation, before, table.jsonSchema, started,
                    Clock.now());
            op.changelog = plan.changelog();
            op.sql = plan.sql() != null ? plan.sql() : String.join("\n", plan.steps());
            op.irreversible = irreversible;
            op.renames = renames;
            return operations.persist(op);
        })).map(op -> new Result(op, null));
    }

    /**
     * The referencing tables' schemas, carried across the change (flat_table and jsonb switched them already, in
     * the change's transaction): each an update of its own, undone by rolling back the change that carried it.
     */
    private Uni<Void> switchCarried(List<ReferencingTables.Carried> carried, OffsetDateTime started) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ReferencingTables.Carried c : carried) {
            chain = chain.chain(() -> tables.findById(c.table().id)).chain(table -> {
                String before = c.table().jsonSchema;
                SchemaSwitch target = c.schemaSwitch();
                table.jsonSchema = target.jsonSchema();
                table.schemaHash = target.schemaHash();
                table.schemaVersion = target.version();
                table.updatedAt = Clock.now();
                SchemaOperation op = operations.operation(table, "update", before, table.jsonSchema, started,
                        Clock.now());
                op.irreversible = "it carried renamed fields of datatable '" + c.referenced() + "' to this table's "
                        + "foreign keys: roll back that change of '" + c.referenced() + "' instead";
                return operations.persist(op).replaceWithVoid();
            });
        }
        return chain;
    }

    /**
     * A failure that ends a started change and belongs in its history: the store's refusals and errors, and internal
     * failures. The service's own answers (a 4xx, a busy 503 with Retry-After) pass through unrecorded.
     */
    private static boolean endsTheChange(Throwable failure) {
        return !(failure instanceof DatablyException d) || d.code() == ErrorCode.PROVIDER_ERROR
                || d.code() == ErrorCode.INTERNAL;
    }

    /**
     * PostgreSQL names the physical table ({@code column "n" of relation "app_x_users" contains null values}, an
     * index {@code app_x_users_email_key}): the client knows it by the DataTable's name.
     */
    private static String inApiTerms(String text, DataTable table) {
        String physical = table.physicalTableName;
        if (physical == null || physical.isEmpty()) {
            return text;
        }
        return text.replaceAll("\"?t_[a-z0-9_]+\"?\\.(?=\"?" + java.util.regex.Pattern.quote(physical) + ")", "")
                .replace(physical, table.name);
    }

    /**
     * Records the failure (nothing was switched), then answers: 409 with the store's reason when the table's data or
     * definitions made the store refuse the change; otherwise a 500 that says nothing of the failure, which is
     * logged (its text can quote SQL or name Java classes, and the history is answered to clients too).
     */
    private Uni<Result> failed(DataTable table, JsonNode stored, String operation, MigrationPlan plan,
                               OffsetDateTime started, Throwable failure) {
        Optional<String> refusal = SqlFailures.refusal(failure);
        if (refusal.isPresent()) {
            LOG.warnf(failure, "Schema change of datatable %d refused by the store", table.id);
        } else {
            LOG.errorf(failure, "Schema change of datatable %d failed", table.id);
        }
        String reason = refusal.map(text -> inApiTerms(text, table)).orElse("an internal error; it has been logged");
        DatablyException answer = refusal.isPresent() ? new DatablyException(ErrorCode.CONFLICT, "The schema change "
                + "of '" + table.name + "' failed and was not applied: " + reason)
                : new DatablyException(ErrorCode.PROVIDER_ERROR, "The schema change of '" + table.name + "' failed "
                + "and was not applied; the error has been logged");
        return Panache.withTransaction(() -> tables.findById(table.id).chain(current -> {
            SchemaOperation op = operations.operation(current, operation, current.jsonSchema,
                    CanonicalJson.write(stored), started, Clock.now());
            op.status = "failed";
            op.changelog = plan.changelog();
            op.sql = plan.sql();
            op.error = reason;
            return operations.persist(op);
        })).onFailure().recoverWithNull().chain(op -> Uni.createFrom().failure(answer));
    }

    private static void requireKey(TableDescriptor table) {
        if (table.schema().primaryKey().isEmpty()) {
            throw DatablyException.conflict("Table '" + table.tableName() + "' has no primary key: its records "
                    + "cannot be rewritten one by one, which this schema change needs");
        }
    }

    private static RecordKey keyOf(TableDescriptor table, JsonNode record) {
        return new RecordKey(table.schema().primaryKey().stream().map(record::get).toList());
    }
}
