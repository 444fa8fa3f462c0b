package io.datably.service.transfer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.Incidents;
import io.datably.error.ProblemMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An import that runs after its request was answered (202): its status, its counters as the import goes, and in the
 * end its report (or the problem that stopped it). Kept in memory by {@link ImportJobs}, on the instance that runs it.
 * The counters are written by the import, one batch at a time, and read by anyone polling.
 */
public final class ImportJob {
    /** A job's life: queued (answered, not started), running, then one of the three ends. */
    public enum Status {
        QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean ended() {
            return this == SUCCEEDED || this == FAILED || this == CANCELLED;
        }
    }

    private final String id = UUID.randomUUID().toString();
    private final String tenant;
    private final String app;
    private final String ds;
    private final String table;
    private final ImportMode mode;
    private final RecordImport.Format format;
    /** The body's size in bytes, -1 when unknown. */
    private final long size;
    private final Instant created = Instant.now();
    private final CompletableFuture<ImportJob> ended = new CompletableFuture<>();
    private volatile Instant started;
    private volatile Instant finished;
    private volatile Status status = Status.QUEUED;
    private volatile long read;
    private volatile long written;
    private volatile long rejected;
    private volatile long bytes;
    private volatile boolean cancelRequested;
    private volatile ImportReport report;
    private volatile Map<String, Object> error;
    private volatile String message;

    ImportJob(String tenant, String app, String ds, String table, ImportMode mode, RecordImport.Format format,
              long size) {
        this.tenant = tenant;
        this.app = app;
        this.ds = ds;
        this.table = table;
        this.mode = mode;
        this.format = format;
        this.size = size;
    }

    /** A job nobody looks up: the progress of a synchronous import, which answers its report. */
    static ImportJob untracked(ImportMode mode, RecordImport.Format format) {
        return new ImportJob("", "", "", "", mode, format, -1);
    }

    public String id() {
        return id;
    }

    /** Whether this is the job of that table of that tenant: another tenant's or table's job is not found. */
    boolean of(String tenant, String app, String ds, String table) {
        return this.tenant.equals(tenant) && this.app.equals(app) && this.ds.equals(ds) && this.table.equals(table);
    }

    Status status() {
        return status;
    }

    Instant finished() {
        return finished;
    }

    /** Completes when the job has ended, whichever way. */
    public CompletionStage<ImportJob> ended() {
        return ended;
    }

    /**
     * Asks the import to stop before its next batch: all_or_nothing then keeps nothing (its transaction is rolled
     * back, MongoDB's inserts deleted), skip_invalid keeps the batches it wrote. False when the job has ended already.
     */
    public boolean cancel() {
        if (status.ended()) {
            return false;
        }
        cancelRequested = true;
        return true;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    void running() {
        started = Instant.now();
        status = Status.RUNNING;
    }

    /** The counters after a batch (rows read, written, rejected; bytes of the body read, -1 when not counted). */
    void counted(long read, long written, long rejected, long bytes) {
        this.read = read;
        this.written = written;
        this.rejected = rejected;
        this.bytes = Math.max(bytes, this.bytes);
    }

    /** The end of an import that ran to its end or was cancelled: its report decides the status. */
    void finish(ImportReport report) {
        this.report = report;
        boolean cancelled = report.status().equals(ImportReport.CANCELLED);
        counted(report.rowsRead(), report.rowsWritten(), report.rowsRejected(), cancelled ? bytes : size);
        if (cancelled) {
            message = mode == ImportMode.SKIP_INVALID
                    ? "cancelled after row " + report.rowsRead() + ": the " + report.rowsWritten() + " rows written "
                    + "before stay written (skip_invalid)"
                    : "cancelled after row " + report.rowsRead() + ": nothing was written (all_or_nothing)";
        }
        end(report.status().equals(ImportReport.SUCCEEDED) ? Status.SUCCEEDED
                : cancelled ? Status.CANCELLED : Status.FAILED);
    }

    /** The end of an import stopped by a problem (an unreadable body, 403, the store down): the problem document. */
    void fail(Throwable failure) {
        if (failure instanceof DatablyException e) {
            error = ProblemMapper.document(e);
        } else {
            String incident = Incidents.log("Import job " + id + " failed", failure);
            error = ProblemMapper.document(ErrorCode.INTERNAL, ErrorCode.INTERNAL.status(), Incidents.detail(incident));
        }
        message = mode == ImportMode.SKIP_INVALID ? "stopped: the " + written + " rows written before stay written"
                : "stopped: nothing was written (all_or_nothing)";
        end(Status.FAILED);
    }

    private void end(Status end) {
        finished = Instant.now();
        status = end;
        ended.complete(this);
    }

    /** What {@code GET .../imports/{id}/} answers, as of now. */
    public View view() {
        Status now = status;
        Instant from = started;
        Instant to = finished == null ? Instant.now() : finished;
        double seconds = from == null ? 0 : Duration.between(from, to).toNanos() / 1e9;
        Double rate = seconds > 0 ? Math.round(read / seconds * 10) / 10.0 : null;
        Double percent = size > 0 ? Math.min(100.0, Math.floor(bytes * 1000.0 / size) / 10.0)
                : now == Status.SUCCEEDED ? 100.0 : null;
        Double eta = null;
        if (now == Status.RUNNING && percent != null && percent > 0 && seconds > 0) {
            eta = Math.round(seconds * (100.0 - percent) / percent * 10) / 10.0;
        } else if (now.ended()) {
            eta = 0.0;
        }
        return new View(id, now.json(), mode.name().toLowerCase(Locale.ROOT), format.name().toLowerCase(Locale.ROOT),
                created, from, finished, read, written, rejected, bytes, size < 0 ? null : size, percent, rate, eta,
                message, report, error);
    }

    /**
     * A job as the API shows it. {@code percent} is of the body's bytes read (known when the body's size is: always
     * for a job, whose body is stored first), {@code rows_per_second} rows read per second since it started,
     * {@code eta_seconds} the time left at that pace; {@code report} is the synchronous answer's report, once ended;
     * {@code error} the problem that stopped it.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record View(String id, String status, String mode, String format, Instant createdAt, Instant startedAt,
                       Instant finishedAt, long rowsRead, long rowsWritten, long rowsRejected, long bytesRead,
                       Long bytesTotal, Double percent, Double rowsPerSecond, Double etaSeconds, String message,
                       ImportReport report, Map<String, Object> error) {
        public boolean ended() {
            return !status.equals("queued") && !status.equals("running");
        }

        /** Tells a job (202) from the report (200) an import answers (the OpenAPI discriminator). */
        @JsonProperty("kind")
        public String kind() {
            return "import_job";
        }
    }
}
