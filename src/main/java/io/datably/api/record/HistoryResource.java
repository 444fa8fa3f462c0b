package io.datably.api.record;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.api.Paged;
import io.datably.config.DatablyConfig;
import io.datably.service.Paging;
import io.datably.service.audit.AuditFilter;
import io.datably.service.audit.AuditTrail;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** One record's audit trail, also after the record was deleted for good (see {@link AuditResource}). */
@Path("/api/apps/{app}/datasources/{ds}/datatables/{table}/records/{pk}/history")
@Tag(name = "Audit")
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {
    private final AuditTrail trail;
    private final DatablyConfig config;

    public HistoryResource(AuditTrail trail, DatablyConfig config) {
        this.trail = trail;
        this.config = config;
    }

    @GET
    @Operation(operationId = "recordHistory", summary = "One record's audit entries, newest first (also after "
            + "it was deleted). " + AuditResource.ENTRY)
    @APIResponse(responseCode = "200", description = "A page of entries {count, next, previous, results}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AuditPage")))
    @APIResponse(responseCode = "400", description = "A key that does not fit the table's primaryKey, an unknown "
            + "parameter, action or ordering, or a bad date (DS101)")
    @APIResponse(responseCode = "403", description = "The policies do not grant 'audit' on the table (DS302)")
    @APIResponse(responseCode = "404", description = "No such datatable, or a page past the last (DS104)")
    public Uni<Paged<JsonNode>> history(@PathParam("app") String app, @PathParam("ds") String ds,
                                        @PathParam("table") String table, @PathParam("pk") String pk,
                                        @QueryParam("actor") String actor, @QueryParam("action") String action,
                                        @QueryParam("since") String since, @QueryParam("until") String until,
                                        @QueryParam("ordering") String ordering,
                                        @QueryParam("page") String page, @QueryParam("page_size") String pageSize,
                                        @Context UriInfo uri) {
        AuditFilter filter = AuditFilter.parse(uri.getQueryParameters());
        Paging paging = AuditResource.paging(config, page, pageSize);
        return trail.history(app, ds, table, pk, filter, paging).map(slice -> Paged.of(slice, paging, uri));
    }

}
