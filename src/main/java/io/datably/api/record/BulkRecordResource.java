package io.datably.api.record;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.provider.spi.BulkWrite;
import io.datably.service.dataops.BulkChanges;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Bulk changes by filter (README "Bulk changes and upserts"): the records a list with the same filters would
 * return, within the caller's policies, changed or deleted in one statement. Answers {@code {"matched", "changed"}}.
 */
@Path("/api/apps/{app}/datasources/{ds}/datatables/{table}/records")
@Tag(name = "Records")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BulkRecordResource {
    private static final String FILTERS = "Filters as on the list (field=value, field__op=value, "
            + "relation__field__op=value, or=(...), and=(...), not=(...), search=...), at least one; dry_run=true "
            + "counts without writing. At most datably.bulk.max-records records (default 100000) may match.";

    private final BulkChanges bulk;

    public BulkRecordResource(BulkChanges bulk) {
        this.bulk = bulk;
    }

    @PATCH
    @Parameter(name = "dry_run", in = ParameterIn.QUERY, description = "Count, write nothing")
    @Parameter(name = "search", in = ParameterIn.QUERY)
    @Parameter(name = "status", in = ParameterIn.QUERY, example = "archived", description = "An example of a "
            + "filter (field status equal to archived): any field=value or field__op=value")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "DataRecord")))
    @Operation(operationId = "updateRecordsByFilter", description = RecordResource.FILTER_GRAMMAR, summary = "Change some fields of every record matching the filters (all or nothing). " + FILTERS
            + " The body is a partial record, validated and cast like a single PATCH; the primary key cannot change.")
    @APIResponse(responseCode = "200", description = "{\"matched\": n, \"changed\": n}: records matched, and those "
            + "whose values differ after the change (on a dry run: would differ); with dry_run, also \"dry_run\": true",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "BulkResult")))
    @APIResponse(responseCode = "400", description = "DS101: no filter, or a bad one (named); DS103: a value the "
            + "schema refuses or a primary key field (named)")
    @APIResponse(responseCode = "403", description = "DS302: the change would move records out of what the caller's "
            + "policies let them update; nothing changed")
    @APIResponse(responseCode = "409", description = "DS110/DS111: a unique or foreign key would be broken (fields "
            + "named), nothing changed; DS112: more records match than datably.bulk.max-records")
    public Uni<Response> patch(@PathParam("app") String app, @PathParam("ds") String ds,
                               @PathParam("table") String table, @Context UriInfo uri, JsonNode body) {
        return bulk.update(app, ds, table, uri.getQueryParameters(), body).map(count -> answer(count, uri));
    }

    @DELETE
    @Parameter(name = "dry_run", in = ParameterIn.QUERY, description = "Count, write nothing")
    @Parameter(name = "purge", in = ParameterIn.QUERY, description = "On a soft-delete table: remove the matching "
            + "records for good, marked ones included (default false: mark the live ones)")
    @Parameter(name = "search", in = ParameterIn.QUERY)
    @Parameter(name = "status", in = ParameterIn.QUERY, example = "archived", description = "An example of a "
            + "filter (field status equal to archived): any field=value or field__op=value")
    @Operation(operationId = "deleteRecordsByFilter", description = RecordResource.FILTER_GRAMMAR, summary = "Delete every record matching the filters (all or nothing). " + FILTERS)
    @APIResponse(responseCode = "200", description = "{\"matched\": n, \"changed\": n}: records matched and "
            + "deleted (on a dry run: that would be)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "BulkResult")))
    @APIResponse(responseCode = "400", description = "DS101: no filter, or a bad one (named)")
    @APIResponse(responseCode = "409", description = "DS111: records of the datasource still reference some of them "
            + "(the referencing table and field in detail and referenced_by; nothing deleted); DS112: more records "
            + "match than datably.bulk.max-records")
    public Uni<Response> delete(@PathParam("app") String app, @PathParam("ds") String ds,
                                @PathParam("table") String table, @Context UriInfo uri) {
        return bulk.delete(app, ds, table, uri.getQueryParameters()).map(count -> answer(count, uri));
    }

    private static Response answer(BulkWrite.Count count, UriInfo uri) {
        boolean dryRun = "true".equals(uri.getQueryParameters().getFirst("dry_run"));
        return Response.ok("{\"matched\":" + count.matched() + ",\"changed\":" + count.changed()
                + (dryRun ? ",\"dry_run\":true" : "") + "}", MediaType.APPLICATION_JSON).build();
    }
}
