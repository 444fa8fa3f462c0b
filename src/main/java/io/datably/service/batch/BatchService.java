package io.datably.service.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.datably.config.BatchConfig;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.provider.spi.BulkWrite;
import io.datably.provider.spi.DataProvider;
import io.datably.security.CallerContext;
import io.datably.service.SchemaChanges;
import io.datably.service.dataops.SoftDeletes;
import io.datably.service.dataops.Upserts;
import io.datably.service.records.RecordService;
import io.datably.service.tables.TableHandle;
import io.datably.service.tables.TableResolver;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Atomic batches: {@code POST .../datasources/{ds}/batch/} with an ordered list of creates, updates, replacements,
 * upserts and deletes across the tables of one datasource (README "Atomic batches").
 *
 * <p>Each operation takes the road of its single-record twin ({@link RecordService}, {@link Upserts},
 * {@link SoftDeletes}): the same validation and casting, policy checks (create, update, delete on that table, row
 * filters), reference checks and soft-delete semantics; only its table's provider is the one
 * {@link DataProvider#atomically} hands out, so on PostgreSQL every statement runs in one transaction on one
 * connection (the provider's normal statements, whatever they write besides the records included), and each
 * operation sees the ones before it. The first failure stops the batch: nothing is applied, and the failure is
 * answered as its twin would answer it, with the operation's {@code index} and {@code op}.
 */
@ApplicationScoped
public class BatchService {
    private final TableResolver resolver;
    private final RecordService records;
    private final Upserts upserts;
    private final SoftDeletes deletes;
    private final CallerContext callers;
    private final BatchConfig config;

    public BatchService(TableResolver resolver, RecordService records, Upserts upserts, SoftDeletes deletes,
                        CallerContext callers, BatchConfig config) {
        this.resolver = resolver;
        this.records = records;
        this.upserts = upserts;
        this.deletes = deletes;
        this.callers = callers;
        this.config = config;
    }

    /** The results of every operation in order, as the JSON text of {@code {"results": [...]}}. */
    public Uni<String> run(String app, String ds, JsonNode body) {
        List<BatchOperation> operations = BatchOperation.parse(body, config.maxOperations());
        // The subject (who soft-deletes) is read on the request's own thread, before anything runs elsewhere.
        String subject = callers.caller().id();
        return SchemaChanges.retryOnce(resolver.resolveAll(app, ds).chain(tables -> {
            List<TableHandle> handles = handles(operations, tables);
            DataProvider provider = handles.get(0).provider();
            return provider.atomically(bound -> {
                List<String> results = new ArrayList<>();
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (BatchOperation operation : operations) {
                    TableHandle h = handles.get(operation.index()).with(bound);
                    chain = chain.chain(() -> Uni.createFrom().deferred(() -> apply(operation, h, app, ds, subject))
                            .onFailure(DatablyException.class)
                            .transform(e -> indexed(operation, (DatablyException) e))
                            .invoke(results::add).replaceWithVoid());
                }
                return chain.map(done -> "{\"results\":[" + String.join(",", results) + "]}");
            });
        }));
    }

    /** Each operation's table, resolved before anything runs: 404 naming {@code operations[i].table} if unknown. */
    private static List<TableHandle> handles(List<BatchOperation> operations, Function<String, TableHandle> tables) {
        List<TableHandle> handles = new ArrayList<>();
        for (BatchOperation operation : operations) {
            try {
                handles.add(tables.apply(operation.table()));
            } catch (DatablyException e) {
                Map<String, Object> extensions = new HashMap<>(e.extensions());
                extensions.put("index", operation.index());
                extensions.put("op", operation.op());
                throw new DatablyException(e.code(), operation.path() + ": " + e.getMessage(), List.of(
                        new ProblemItem(operation.path() + ".table", e.code() == ErrorCode.NOT_FOUND ? "unknown_table"
                                : "not_materialized", e.getMessage())), extensions);
            }
        }
        return handles;
    }

    /** One operation as its single-record twin runs it; its result as JSON text. */
    private Uni<String> apply(BatchOperation operation, TableHandle h, String app, String ds, String subject) {
        String head = "{\"index\":" + operation.index() + ",\"op\":\"" + operation.op() + "\",\"table\":"
                + TextNode.valueOf(operation.table()) + ",\"status\":";
        return switch (operation.op()) {
            case "create" -> records.create(RecordService.writable(h), app, ds, operation.body()).map(stored ->
                    head + "201," + (operation.many() ? "\"records\":[" + String.join(",", stored) + "]"
                            : "\"record\":" + stored.get(0)) + "}");
            case "update" -> records.update(RecordService.writable(h), app, ds, operation.pk(), operation.body())
                    .map(stored -> head + "200,\"record\":" + stored + "}");
            case "replace" -> records.replace(RecordService.writable(h), app, ds, operation.pk(), operation.body())
                    .map(stored -> head + "200,\"record\":" + stored + "}");
            case "upsert" -> upserts.upsert(h, app, ds, operation.onConflict(), operation.body())
                    .map(result -> head + upserted(result, operation.many()) + "}");
            case "delete" -> deletes.delete(h, app, ds, operation.pk(), operation.purge(), subject)
                    .map(done -> head + "204}");
            default -> throw new IllegalStateException("unparsed op " + operation.op());
        };
    }

    /** As the upsert endpoint answers: 201 when a record was created; each record with its action. */
    private static String upserted(Upserts.Result result, boolean many) {
        int created = (int) result.records().stream().filter(BulkWrite.Upserted::created).count();
        String status = (created > 0 ? "201" : "200") + ",";
        if (!many) {
            BulkWrite.Upserted one = result.records().get(0);
            return status + "\"action\":\"" + (one.created() ? "created" : "updated") + "\",\"record\":" + one.json();
        }
        List<String> items = new ArrayList<>();
        result.records().forEach(r -> items.add("{\"action\":\"" + (r.created() ? "created" : "updated")
                + "\",\"record\":" + r.json() + "}"));
        return status + "\"created\":" + created + ",\"updated\":" + (items.size() - created) + ",\"results\":["
                + String.join(",", items) + "]";
    }

    /**
     * The failure of one operation, as its twin would answer it, naming the operation: {@code index} and {@code op}
     * beside the problem's members, {@code operations[i]} before the detail, and each culprit under the operation's
     * member ({@code price} → {@code operations[i].record.price}, {@code [3].price} →
     * {@code operations[i].records[3].price}, {@code pk} → {@code operations[i].pk}).
     */
    static DatablyException indexed(BatchOperation operation, DatablyException e) {
        if (e.extensions().containsKey("index")) {
            return e;
        }
        String path = operation.path();
        // A parameter of the twin's URL (pk, on_conflict) is a member of the operation; other culprits are fields.
        boolean parameter = e.code() == ErrorCode.INVALID_PARAMETER;
        List<ProblemItem> errors = e.errors().stream().map(p -> new ProblemItem(member(operation, p.field(),
                parameter), p.code(), p.message())).toList();
        Map<String, Object> extensions = new HashMap<>(e.extensions());
        extensions.put("index", operation.index());
        extensions.put("op", operation.op());
        return new DatablyException(e.code(), path + " (" + operation.op() + " on '"
                + DatablyException.abbreviate(String.valueOf(operation.table())) + "'): " + e.getMessage(), errors,
                extensions);
    }

    private static String member(BatchOperation operation, String field, boolean parameter) {
        String path = operation.path();
        if (field == null || field.isEmpty()) {
            return path;
        }
        if (parameter) {
            return path + "." + field;
        }
        if (operation.many()) {
            return path + ".records" + (field.startsWith("[") ? "" : ".") + field;
        }
        return path + (operation.body() == null ? "." : ".record.") + field;
    }
}
