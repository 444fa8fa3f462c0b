package io.datably.service.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.provider.spi.Audit;
import io.datably.provider.spi.BulkLoad;
import io.datably.schema.validate.CastResult;
import io.datably.schema.validate.RecordCaster;
import io.datably.security.DetachedRequests;
import io.datably.service.SchemaCache;
import io.datably.service.records.RecordAccess;
import io.datably.service.records.ReferenceChecker;
import io.datably.service.tables.TableHandle;
import io.datably.service.tables.TableResolver;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Import: the rows of a CSV, JSON array or NDJSON body, read in batches as they arrive, each row validated and cast by
 * the table's schema exactly as a record create is (casting, the store's own limits, references, the caller's
 * authorization to create), then written a batch at a time. {@code all_or_nothing} writes through one
 * {@link BulkLoad} (one PostgreSQL transaction) and keeps nothing when any row fails, yet reads on to the end so the
 * report counts every row; {@code skip_invalid} writes each batch on its own and leaves out the rows that fail.
 * Reading the body blocks, so it runs on worker threads; the stores are called from the request's Vert.x context.
 */
@ApplicationScoped
public class RecordImport {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(RecordImport.class);
    static final int BATCH_ROWS = 1000;
    static final long BATCH_CHARS = 8L << 20;

    private final TableResolver resolver;
    private final SchemaCache schemas;
    private final ReferenceChecker references;
    private final RecordAccess access;
    private final ObjectMapper mapper;
    private final ImportJobs jobs;
    private final DetachedRequests detachedRequests;

    public RecordImport(TableResolver resolver, SchemaCache schemas, ReferenceChecker references,
                        RecordAccess access, ObjectMapper mapper, ImportJobs jobs, DetachedRequests detachedRequests) {
        this.resolver = resolver;
        this.schemas = schemas;
        this.references = references;
        this.access = access;
        this.mapper = mapper;
        this.jobs = jobs;
        this.detachedRequests = detachedRequests;
    }

    /** The body's format, by its Content-Type. */
    public enum Format { CSV, JSON, NDJSON }

    /**
     * Imports {@code body} into a table and answers its report. Called on a worker thread (the body is read with
     * blocking reads); the answer completes on the request's Vert.x context. {@code body} is the request's stream,
     * read as it arrives, or a {@link SpooledBody} (a multipart file).
     */
    public Uni<ImportReport> load(String app, String ds, String table, InputStream body, Format format,
                                  CsvDialect dialect, ImportMode mode) {
        Run run = new Run(app, ds, mode, Vertx.currentContext(), ImportJob.untracked(mode, format));
        return prepare(run, table, body, format, dialect, true).chain(prepared -> prepared.execute());
    }

    /**
     * Starts a job that imports {@code body} into a table, and answers it as soon as the body is stored and its
     * start (the table, the CSV header, the caller's right to create records) is checked: those problems still
     * answer the request (4xx). The rest runs on a Vert.x context of its own, with the request's tenant and caller.
     * Called on a worker thread.
     */
    public Uni<ImportJob> submit(String app, String ds, String table, InputStream body, Format format,
                                 CsvDialect dialect, ImportMode mode) {
        Run run = new Run(app, ds, mode, Vertx.currentContext(), null);
        return prepare(run, table, body, format, dialect, false)
                .chain(prepared -> access.filter(app, ds, table, "create").map(filter -> {
                    if (filter instanceof io.datably.query.model.RowFilter.None) {
                        throw new DatablyException(ErrorCode.FORBIDDEN, "Importing into datatable '" + table
                                + "' is not allowed: the policies do not grant create");
                    }
                    long size = run.spooled == null ? -1 : run.spooled.size();
                    run.job = jobs.add(app, ds, table, mode, format, size);
                    return run.job;
                }).onFailure().invoke(failure -> run.close()))
                .invoke(job -> {
                    DetachedRequests.Detached detached = detachedRequests.detach();
                    run.context = detached.context();
                    detached.start(() -> run.execute().subscribe().with(report -> {
                        job.finish(report);
                        detached.end();
                    }, failure -> {
                        job.fail(failure);
                        detached.end();
                    }));
                });
    }

    /**
     * Resolves the table and opens the body's rows (a CSV header is checked): what can be refused before any row is
     * read. A body read to the end before the first write (all_or_nothing; every job) is stored first.
     */
    private Uni<Run> prepare(Run run, String table, InputStream body, Format format, CsvDialect dialect,
                             boolean streamSkipInvalid) {
        return run.onContext(() -> resolver.resolve(run.app, run.ds, table)).chain(h -> {
            if (h.descriptor().schema().readOnly()) {
                throw new DatablyException(ErrorCode.METHOD_NOT_ALLOWED, "Datatable '" + table
                        + "' is read-only (an adopted view): records cannot be imported into it");
            }
            run.handle = h;
            run.caster = schemas.casterOf(h.table());
            return run.blocking(() -> {
                InputStream input = body;
                if (body instanceof SpooledBody spooled) {
                    run.spooled = spooled;
                } else if (run.mode == ImportMode.ALL_OR_NOTHING || !streamSkipInvalid) {
                    run.spooled = spooled(body);
                    input = run.spooled;
                }
                run.rows = rows(input, format, dialect, h);
                return run;
            });
        }).onFailure().invoke(failure -> {
            // A stored body's file is deleted; the request's own stream is the HTTP layer's to end.
            if (run.spooled != null) {
                closeQuietly(run.spooled);
            } else if (body instanceof SpooledBody) {
                closeQuietly(body);
            }
        });
    }

    private ImportRows rows(InputStream body, Format format, CsvDialect dialect, TableHandle h) {
        try {
            return format == Format.CSV ? new CsvRows(ImportRows.text(body, dialect.encoding()), dialect,
                    h.descriptor().schema()).encoded(dialect.encoding())
                    : new JsonRows(ImportRows.utf8(body), mapper, format == Format.NDJSON);
        } catch (java.nio.charset.CharacterCodingException e) {
            closeQuietly(body);
            throw ImportRows.notDecodable(format == Format.CSV ? dialect.encoding().name() : "UTF-8",
                    "at its start");
        } catch (IOException | RuntimeException e) {
            closeQuietly(body);
            throw e instanceof RuntimeException runtime ? runtime : ImportRows.malformed(ImportRows.reason(
                    (IOException) e));
        }
    }

    /**
     * An all-or-nothing import reads its body from a temporary file ({@link SpooledBody}): its transaction is then
     * held while the service works, not while a slow client uploads.
     */
    private static SpooledBody spooled(InputStream body) {
        try {
            return SpooledBody.of(body);
        } catch (java.io.UncheckedIOException e) {
            throw ImportRows.malformed(ImportRows.reason(e.getCause()));
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // Closing only frees the stream (and a spooled body's file); the import already failed.
        }
    }

    /** Stops a job's import before its next batch ({@code DELETE .../imports/{id}/}). */
    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    /** One import's progress. */
    private final class Run {
        private final String app;
        private final String ds;
        private final ImportMode mode;
        private final List<ImportReport.RowError> errors = new ArrayList<>();
        /** Where store calls start: the request's context, or a job's own. */
        private Context context;
        /** Its job: the one the API shows, or an untracked one (a synchronous import). */
        private ImportJob job;
        private SpooledBody spooled;
        private TableHandle handle;
        private RecordCaster caster;
        private ImportRows rows;
        private BulkLoad load;
        private long written;
        private long rejected;
        /** all_or_nothing: a row failed, so nothing will be kept; the rest is only read and checked. */
        private boolean failed;

        Run(String app, String ds, ImportMode mode, Context context, ImportJob job) {
            this.app = app;
            this.ds = ds;
            this.mode = mode;
            this.context = context;
            this.job = job;
        }

        /** Reads, checks and writes every batch, then commits (or aborts) and reports. */
        Uni<ImportReport> execute() {
            job.running();
            Uni<BulkLoad> opened = mode == ImportMode.ALL_OR_NOTHING
                    ? onContext(() -> handle.provider().openLoad(handle.descriptor()))
                    : Uni.createFrom().nullItem();
            return opened.chain(open -> {
                load = open;
                return batches().chain(this::finish)
                        .onFailure(Cancelled.class).recoverWithUni(this::cancelled)
                        .onFailure().call(this::abandon);
            }).call(this::audited).eventually(this::close);
        }

        /**
         * An import that wrote records leaves one audit entry, its summary (not one per row: a million-row load would
         * double its writes), once its records are committed: a failure to write the entry is logged, not answered,
         * as the records are there.
         */
        private Uni<Void> audited(ImportReport report) {
            Audit.Stamp stamp = handle.descriptor().audit();
            if (stamp == null || report.rowsWritten() == 0) {
                return Uni.createFrom().voidItem();
            }
            ObjectNode details = mapper.createObjectNode().put("status", report.status())
                    .put("mode", mode.name().toLowerCase(java.util.Locale.ROOT)).put("rows_read", report.rowsRead())
                    .put("rows_written", report.rowsWritten()).put("rows_rejected", report.rowsRejected());
            if (job != null) {
                details.put("job", job.id());
            }
            return onContext(() -> handle.provider().appendAudit(handle.descriptor().physical().namespace(),
                    new Audit.Entry(stamp, null, "import", null, null, details)))
                    .onFailure().recoverWithItem(failure -> {
                        LOG.warnf("The audit entry of an import into %s could not be written: %s", stamp.tableName(),
                                failure.getMessage());
                        return null;
                    });
        }

        /** The report of a cancelled job: all_or_nothing's load is aborted (nothing kept); skip_invalid keeps its. */
        private Uni<ImportReport> cancelled() {
            return abandon().replaceWith(() -> new ImportReport(ImportReport.CANCELLED, rows.read(),
                    mode == ImportMode.SKIP_INVALID ? written : 0, rejected, errors));
        }

        private void progress() {
            job.counted(rows.read(), mode == ImportMode.SKIP_INVALID || !failed ? written : 0, rejected,
                    spooled == null ? -1 : spooled.position());
        }

        /** Store calls start on the request's context (the reactive clients and the catalog session expect it). */
        <T> Uni<T> onContext(Supplier<Uni<T>> work) {
            Uni<T> deferred = Uni.createFrom().deferred(work::get);
            return context == null ? deferred : Uni.createFrom().voidItem()
                    .emitOn(task -> context.runOnContext(ignored -> task.run())).chain(() -> deferred);
        }

        /** Blocking work (reading the body, casting a batch) on a worker thread. */
        <T> Uni<T> blocking(Supplier<T> work) {
            return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }

        /**
         * Reads, checks and writes batch after batch until the body ends, one batch in memory at a time: a stream
         * rather than a recursive chain (whose pending steps would each keep their batch until the last one ends).
         */
        Uni<Void> batches() {
            return Multi.createBy().repeating().uni(() -> blocking(() -> {
                if (job.cancelRequested()) {
                    throw new Cancelled();
                }
                return check(rows.next(BATCH_ROWS, BATCH_CHARS));
            })).until(batch -> batch == END)
                    .onItem().transformToUniAndConcatenate(batch -> onContext(() -> write(batch)).invoke(this::progress))
                    .onItem().ignoreAsUni();
        }

        /** The valid records of a batch with their row numbers; the others are counted and reported. */
        private Checked check(List<ImportRows.Row> batch) {
            if (batch.isEmpty()) {
                return END;
            }
            Checked checked = new Checked(new ArrayList<>(), new ArrayList<>());
            for (ImportRows.Row row : batch) {
                if (row.problem() != null) {
                    reject(List.of(row.problem()));
                    continue;
                }
                CastResult result = caster.cast(row.record(), false);
                List<ImportReport.RowError> problems = new ArrayList<>();
                result.violations().forEach(v -> problems.add(error(row.number(), v.field(), v.code(),
                        row.record().get(v.field()), v.message())));
                handle.provider().recordProblems(handle.descriptor().schema(), result.record()).forEach(p ->
                        problems.add(error(row.number(), p.field(), p.code(), row.record().get(p.field()),
                                p.message())));
                if (problems.isEmpty()) {
                    checked.records().add(result.record());
                    checked.numbers().add(row.number());
                } else {
                    reject(problems);
                }
            }
            return checked;
        }

        private Uni<Void> write(Checked batch) {
            if (mode == ImportMode.ALL_OR_NOTHING && rejected > 0) {
                failed = true;
            }
            if (failed) {
                return abandon(); // nothing will be kept: free the transaction's connection while the rest is read
            }
            if (batch.records().isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            String table = handle.table().name;
            Uni<Void> allowed = access.require(app, ds, table, "create", batch.records());
            if (mode == ImportMode.ALL_OR_NOTHING) {
                // Checked before the batch, confirmed after it in the load's own transaction: a delete of a target
                // racing with the import is refused, or found by the confirmation (see DeleteRestrict).
                return allowed.chain(() -> references.check(handle, batch.records()))
                        .chain(() -> load.write(batch.records()))
                        .chain(() -> references.confirm(handle, load.store(), batch.records()))
                        .invoke(() -> written += batch.records().size())
                        .onFailure(this::aboutRows).recoverWithUni(failure -> {
                            failed = true;
                            return culprits(batch, (DatablyException) failure).chain(this::abandon);
                        });
            }
            return allowed.chain(() -> references.checkedWrite(handle, batch.records(),
                            on -> on.provider().insert(unaudited(), batch.records())))
                    .invoke(stored -> written += batch.records().size()).replaceWithVoid()
                    .onFailure(this::aboutRows).recoverWithUni(failure -> oneByOne(batch, 0));
        }

        /**
         * The table as skip_invalid's batches write it: without an audit entry per record, like all_or_nothing's load
         * (the import's one summary entry is written at its end, {@link #audited}).
         */
        private io.datably.provider.spi.TableDescriptor unaudited() {
            return handle.descriptor().audited(null);
        }

        /** A failure that concerns the rows (a value, a key, a reference), not the caller's rights or the service. */
        private boolean aboutRows(Throwable failure) {
            return failure instanceof DatablyException e && e.code() != ErrorCode.FORBIDDEN
                    && e.code().status() < 500 && e.code() != ErrorCode.SCHEMA_CHANGED;
        }

        /**
         * skip_invalid after a batch failed as a whole: each of its rows on its own, the failing ones rejected with
         * the store's reasons.
         */
        private Uni<Void> oneByOne(Checked batch, int i) {
            if (i == batch.records().size()) {
                return Uni.createFrom().voidItem();
            }
            ObjectNode record = batch.records().get(i);
            long number = batch.numbers().get(i);
            return references.checkedWrite(handle, List.of(record),
                            on -> on.provider().insert(unaudited(), List.of(record)))
                    .invoke(stored -> written++).replaceWithVoid()
                    .onFailure(this::aboutRows).recoverWithItem(failure -> {
                        reject(storeErrors(number, record, (DatablyException) failure, -1));
                        return null;
                    }).chain(() -> oneByOne(batch, i + 1));
        }

        /**
         * all_or_nothing after a batch failed: the rows the store named ({@code [i].field}), else the rows whose
         * references fail when checked one by one, else the batch's first row.
         */
        private Uni<Void> culprits(Checked batch, DatablyException failure) {
            List<ImportReport.RowError> named = new ArrayList<>();
            for (int i = 0; i < batch.records().size(); i++) {
                named.addAll(storeErrors(batch.numbers().get(i), batch.records().get(i), failure, i));
            }
            if (!named.isEmpty()) {
                rejectRows(named);
                return Uni.createFrom().voidItem();
            }
            if (failure.code() != ErrorCode.FOREIGN_KEY_VIOLATION) {
                // The store said what but not which record (a duplicate key): the batch's first row carries it.
                long first = batch.numbers().get(0);
                long last = batch.numbers().get(batch.numbers().size() - 1);
                reject(storeErrors(first, batch.records().get(0), failure, -1).stream().map(e -> new ImportReport
                        .RowError(e.row(), e.field(), e.rule(), null, "in rows " + first + "-" + last + ": "
                        + e.message())).toList());
                return Uni.createFrom().voidItem();
            }
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (int i = 0; i < batch.records().size(); i++) {
                ObjectNode record = batch.records().get(i);
                long number = batch.numbers().get(i);
                chain = chain.chain(() -> references.lookUp(handle, List.of(record))
                        .onFailure(this::aboutRows).recoverWithItem(e -> {
                            reject(storeErrors(number, record, (DatablyException) e, -1));
                            return null;
                        }));
            }
            return chain;
        }

        /** The errors of a store failure for one row: those named {@code [index].field} (all, when index is -1). */
        private List<ImportReport.RowError> storeErrors(long number, ObjectNode record, DatablyException failure,
                                                        int index) {
            List<ImportReport.RowError> out = new ArrayList<>();
            String prefix = "[" + index + "]";
            for (ProblemItem p : failure.errors()) {
                String field = p.field();
                if (field.startsWith("[")) {
                    if (index >= 0 && !field.startsWith(prefix)) {
                        continue;
                    }
                    field = field.substring(field.indexOf(']') + 1);
                    field = field.startsWith(".") ? field.substring(1) : field;
                } else if (index >= 0) {
                    continue;
                }
                out.add(error(number, field, p.code(), record.get(field), p.message()));
            }
            if (out.isEmpty() && index < 0) {
                out.add(error(number, "", failure.code().code(), null, failure.getMessage()));
            }
            return out;
        }

        /** Rejects the rows these errors name (several errors of one row count one row). */
        private void rejectRows(List<ImportReport.RowError> problems) {
            long last = -1;
            for (ImportReport.RowError problem : problems) {
                if (problem.row() != last) {
                    rejected++;
                    last = problem.row();
                }
                if (errors.size() < ImportReport.MAX_ERRORS) {
                    errors.add(problem);
                }
            }
        }

        /** Rejects one row for these reasons. */
        private void reject(List<ImportReport.RowError> problems) {
            rejected++;
            for (ImportReport.RowError problem : problems) {
                if (errors.size() < ImportReport.MAX_ERRORS) {
                    errors.add(problem);
                }
            }
        }

        Uni<ImportReport> finish() {
            long read = rows.read();
            if (mode == ImportMode.SKIP_INVALID) {
                return Uni.createFrom().item(new ImportReport(ImportReport.SUCCEEDED, read, written, rejected, errors));
            }
            BulkLoad open = load;
            load = null;
            if (rejected > 0 || failed) {
                Uni<Void> end = open == null ? Uni.createFrom().voidItem() : onContext(open::abort);
                return end.replaceWith(new ImportReport(ImportReport.FAILED, read, 0, rejected, errors));
            }
            return onContext(open::commit).replaceWith(new ImportReport(ImportReport.SUCCEEDED, read, written, 0,
                    errors));
        }

        /**
         * Aborts the load, if one is open: after a failure that ends the import (unreadable body, 403, the store
         * down), or as soon as all_or_nothing knows it will keep nothing.
         */
        Uni<Void> abandon() {
            BulkLoad open = load;
            load = null;
            return open == null ? Uni.createFrom().voidItem() : onContext(open::abort);
        }

        Uni<Void> close() {
            try {
                if (rows != null) {
                    rows.close();
                }
                if (spooled != null) {
                    spooled.close(); // deletes its file
                }
            } catch (Exception e) {
                // The body is read to its end or abandoned: nothing to keep from closing it.
            }
            return Uni.createFrom().voidItem();
        }
    }

    private record Checked(List<ObjectNode> records, List<Long> numbers) {
    }

    /** The end of the body (compared by identity). */
    private static final Checked END = new Checked(List.of(), List.of());

    private static ImportReport.RowError error(long row, String field, String rule, JsonNode value, String message) {
        String text = value == null || value.isNull() ? null : value.isTextual() ? value.textValue() : value.toString();
        return new ImportReport.RowError(row, field, rule, text == null ? null : DatablyException.abbreviate(text),
                message);
    }
}
