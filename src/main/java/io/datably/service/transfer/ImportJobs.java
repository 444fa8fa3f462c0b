package io.datably.service.transfer;

import io.datably.config.ImportConfig;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.service.records.RecordAccess;
import io.datably.tenant.TenantContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The import jobs of this instance, in memory: a job is visible only on the instance that runs it (behind a load
 * balancer, poll with session affinity, or follow {@code .../events} on the connection that asked). At most
 * {@code datably.import.jobs.max} are kept; a finished one is forgotten after {@code datably.import.jobs.retention},
 * or sooner when room is needed. A job is found only by its tenant, on its own table's path (404 otherwise), and
 * only by callers allowed to create records in that table, as the import itself is.
 */
@ApplicationScoped
public class ImportJobs {
    private final Map<String, ImportJob> jobs = new ConcurrentHashMap<>();
    private final ImportConfig config;
    private final TenantContext tenants;
    private final RecordAccess access;

    public ImportJobs(ImportConfig config, TenantContext tenants, RecordAccess access) {
        this.config = config;
        this.tenants = tenants;
        this.access = access;
    }

    /** How many kept jobs have not ended (queued or running): a gauge of /q/metrics. */
    public long unfinished() {
        return jobs.values().stream().filter(j -> j.finished() == null).count();
    }

    /** A new job of the request's tenant, kept; 503 when every kept job is still running. */
    synchronized ImportJob add(String app, String ds, String table, ImportMode mode, RecordImport.Format format,
                               long size) {
        forgetExpired();
        if (jobs.size() >= config.jobs().max()) {
            ImportJob oldest = jobs.values().stream().filter(j -> j.finished() != null)
                    .min(Comparator.comparing(ImportJob::finished)).orElse(null);
            if (oldest == null) {
                throw new DatablyException(ErrorCode.UNAVAILABLE, "This instance runs " + jobs.size()
                        + " import jobs, its most (datably.import.jobs.max); retry when one has ended",
                        List.of(new ProblemItem("async", "busy", "retry later")));
            }
            jobs.remove(oldest.id());
        }
        ImportJob job = new ImportJob(tenants.tenant().id(), app, ds, table, mode, format, size);
        jobs.put(job.id(), job);
        return job;
    }

    /**
     * The job {@code id} of that table, for a caller who may create records in it (403 otherwise); 404 when it is
     * not there: another tenant's or table's, forgotten, or run by another instance.
     */
    public Uni<ImportJob> find(String app, String ds, String table, String id) {
        forgetExpired();
        ImportJob job = jobs.get(id);
        if (job == null || !job.of(tenants.tenant().id(), app, ds, table)) {
            return Uni.createFrom().failure(new DatablyException(ErrorCode.NOT_FOUND, "Import job '"
                    + DatablyException.abbreviate(id) + "' of datatable '" + table + "' not found on this instance "
                    + "(a job is kept in memory by the instance that runs it, for "
                    + config.jobs().retention().toMinutes() + " minutes after it ends)"));
        }
        return access.filter(app, ds, table, "create").map(filter -> {
            if (filter instanceof io.datably.query.model.RowFilter.None) {
                throw new DatablyException(ErrorCode.FORBIDDEN, "Import jobs of datatable '" + table + "' are "
                        + "seen by callers who may import into it; the policies do not grant create");
            }
            return job;
        });
    }

    private void forgetExpired() {
        Instant before = Instant.now().minus(config.jobs().retention());
        jobs.values().removeIf(j -> j.finished() != null && j.finished().isBefore(before));
    }
}
