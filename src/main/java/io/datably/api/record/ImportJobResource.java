package io.datably.api.record;

import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.service.transfer.ImportJob;
import io.datably.service.transfer.ImportJobs;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * An import job ({@code POST .../imports/?async=true}): its state, its progress as Server-Sent Events, and its
 * cancellation. Seen only by its tenant, on its table's path, by callers allowed to import into that table, and only
 * on the instance that runs it (jobs are kept in memory).
 */
@Path("/api/apps/{app}/datasources/{ds}/datatables/{table}/imports/{id}")
@Tag(name = "Imports")
public class ImportJobResource {
    /** How often the events stream looks at a job. */
    static final Duration TICK = Duration.ofMillis(250);
    /** How long a cancellation waits for the job to stop (the batch under way ends first). */
    static final Duration CANCEL_WAIT = Duration.ofSeconds(30);

    /** The longest wait for a job's lookup (an authorization decision may ask the PDP). */
    static final Duration LOOKUP_WAIT = Duration.ofSeconds(30);

    private final ImportJobs jobs;
    private final Vertx vertx;

    public ImportJobResource(ImportJobs jobs, Vertx vertx) {
        this.jobs = jobs;
        this.vertx = vertx;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getImportJob", summary = "An import job: status (queued, running, succeeded, failed, cancelled), rows_read, "
            + "rows_written, rows_rejected, bytes_read of bytes_total, percent, rows_per_second, eta_seconds; once "
            + "ended its report (or the problem that stopped it)")
    @APIResponse(responseCode = "200", description = "The job as of now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ImportJob.View.class)))
    @APIResponse(responseCode = "403", description = "The caller may not import into this datatable")
    @APIResponse(responseCode = "404", description = "No such job of this datatable on this instance")
    public Uni<ImportJob.View> job(@PathParam("app") String app, @PathParam("ds") String ds,
                                   @PathParam("table") String table, @PathParam("id") String id) {
        return jobs.find(app, ds, table, id).map(ImportJob::view);
    }

    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "cancelImportJob", summary = "Cancel an import job: it stops before its next batch. all_or_nothing keeps nothing (its "
            + "transaction is rolled back); skip_invalid keeps the rows it wrote, as its report says. Answers the "
            + "job once it has stopped")
    @APIResponse(responseCode = "200", description = "The job, cancelled (or ended meanwhile)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ImportJob.View.class)))
    @APIResponse(responseCode = "403", description = "The caller may not import into this datatable")
    @APIResponse(responseCode = "404", description = "No such job of this datatable on this instance")
    @APIResponse(responseCode = "409", description = "The job has ended already (DS112)")
    public Uni<ImportJob.View> cancel(@PathParam("app") String app, @PathParam("ds") String ds,
                                      @PathParam("table") String table, @PathParam("id") String id) {
        return jobs.find(app, ds, table, id).chain(job -> {
            if (!job.cancel()) {
                throw new DatablyException(ErrorCode.CONFLICT, "Import job '" + id + "' has ended already ("
                        + job.view().status() + "): there is nothing to cancel");
            }
            return Uni.createFrom().completionStage(job.ended()).ifNoItem().after(CANCEL_WAIT)
                    .recoverWithItem(job).map(ImportJob::view);
        });
    }

    @GET
    @Path("events")
    @io.smallrye.common.annotation.Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "streamImportJobEvents", summary = "An import job's progress as Server-Sent Events: a progress event (the job, as GET "
            + "answers it) now and whenever it changed, four times a second at most, and last an end event with "
            + "the job as it ended; then the stream closes")
    @APIResponse(responseCode = "200", description = "The events",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "403", description = "The caller may not import into this datatable")
    @APIResponse(responseCode = "404", description = "No such job of this datatable on this instance")
    public RestMulti<OutboundSseEvent> events(@PathParam("app") String app, @PathParam("ds") String ds,
                                              @PathParam("table") String table, @PathParam("id") String id,
                                              @Context Sse sse) {
        // The job is looked up (404, 403) before the answer starts: an SSE answer sends its head before the stream
        // is subscribed, so a failure after that could not be a problem answer. Hence a worker thread, and a wait.
        ImportJob job = jobs.find(app, ds, table, id).await().atMost(LOOKUP_WAIT);
        return RestMulti.fromMultiData(progress(job, sse)).build();
    }

    /** The job's views as events: now, whenever it changed, and last the end. */
    private Multi<OutboundSseEvent> progress(ImportJob job, Sse sse) {
        return Multi.createFrom().<ImportJob.View>emitter(emitter -> {
            ImportJob.View[] last = new ImportJob.View[1];
            Runnable look = () -> {
                ImportJob.View now = job.view();
                if (last[0] == null || !same(last[0], now)) {
                    last[0] = now;
                    emitter.emit(now);
                }
                if (now.ended()) {
                    emitter.complete();
                }
            };
            look.run();
            if (last[0].ended()) {
                return;
            }
            long timer = vertx.setPeriodic(TICK.toMillis(), tick -> look.run());
            emitter.onTermination(() -> vertx.cancelTimer(timer));
        }).map(view -> sse.newEventBuilder().name(view.ended() ? "end" : "progress").id(view.rowsRead() + "")
                .mediaType(MediaType.APPLICATION_JSON_TYPE).data(ImportJob.View.class, view).build());
    }

    /** Whether nothing a client follows has changed (the rate and ETA alone move with the clock). */
    private static boolean same(ImportJob.View a, ImportJob.View b) {
        return a.status().equals(b.status()) && a.rowsRead() == b.rowsRead() && a.rowsWritten() == b.rowsWritten()
                && a.rowsRejected() == b.rowsRejected() && a.bytesRead() == b.bytesRead();
    }
}
