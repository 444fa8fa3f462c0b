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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The audit trail of a table's record changes ({@code audit/}): read-only pages of entries, for callers granted
 * {@code audit} on the table's records. One record's trail is {@link HistoryResource}.
 */
@Path("/api/apps/{app}/datasources/{ds}/datatables/{table}/audit")
@Tag(name = "Audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    static final String ENTRY = "Each entry: {id, at, tenant, table, table_id, record_key, action (create, update, "
            + "delete, soft_delete, restore, import), actor (the caller's subject), request_id (X-Request-Id), before, "
            + "after, details, and changed (the fields whose values differ) when both states are kept}";

    private final AuditTrail trail;
    private final DatablyConfig config;

    public AuditResource(AuditTrail trail, DatablyConfig config) {
        this.trail = trail;
        this.config = config;
    }

    @GET
    @Operation(operationId = "listAuditEntries", summary = "The table's audit entries, newest first. " + ENTRY)
    @APIResponse(responseCode = "200", description = "A page of entries {count, next, previous, results}; the "
            + "header Link: <.../operations/>; rel=\"schema-operations\" points to the table's schema changes",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AuditPage")))
    @APIResponse(responseCode = "400", description = "An unknown parameter, action or ordering, or a bad date (DS101)")
    @APIResponse(responseCode = "403", description = "The policies do not grant 'audit' on the table (DS302)")
    @APIResponse(responseCode = "404", description = "No such datatable, or a page past the last (DS104)")
    public Uni<Response> audit(@PathParam("app") String app, @PathParam("ds") String ds,
                                      @PathParam("table") String table,
                                      @Parameter(description = "Only entries of this caller's subject")
                                      @QueryParam("actor") String actor,
                                      @Parameter(description = "Only entries of this action")
                                      @QueryParam("action") String action,
                                      @Parameter(description = "From this date or date-time on (inclusive)")
                                      @QueryParam("since") String since,
                                      @Parameter(description = "Before this date or date-time (exclusive)")
                                      @QueryParam("until") String until,
                                      @Parameter(description = "'-at' newest first (default) or 'at'")
                                      @QueryParam("ordering") String ordering,
                                      @QueryParam("page") String page, @QueryParam("page_size") String pageSize,
                                      @Context UriInfo uri) {
        AuditFilter filter = AuditFilter.parse(uri.getQueryParameters());
        Paging paging = paging(page, pageSize);
        // The table's schema changes have their own history: linked, so a client finds both.
        java.net.URI operations = uri.getBaseUriBuilder().path("api/apps/{app}/datasources/{ds}/datatables/{table}/"
                + "operations/").build(app, ds, table);
        return trail.trail(app, ds, table, filter, paging).map(slice -> Response.ok(Paged.of(slice, paging, uri))
                .link(operations, "schema-operations").build());
    }

    static Paging paging(DatablyConfig config, String page, String pageSize) {
        return Paging.parse(page, pageSize, config.paging().defaultPageSize(), config.paging().maxPageSize());
    }

    private Paging paging(String page, String pageSize) {
        return Paging.parse(page, pageSize, config.paging().defaultPageSize(), config.paging().maxPageSize());
    }
}
