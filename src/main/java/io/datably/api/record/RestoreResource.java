package io.datably.api.record;

import io.datably.service.dataops.SoftDeletes;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Restoring a soft-deleted record (tables with {@code "datably:softDelete": true}). */
@Path("/api/apps/{app}/datasources/{ds}/datatables/{table}/records/{pk}/restore")
@Tag(name = "Records")
@Produces(MediaType.APPLICATION_JSON)
public class RestoreResource {
    private final SoftDeletes deletes;

    public RestoreResource(SoftDeletes deletes) {
        this.deletes = deletes;
    }

    @POST
    @Operation(operationId = "restoreRecord", summary = "Restore a soft-deleted record (no body); authorized as an update of the record")
    @APIResponse(responseCode = "200", description = "The record, live again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "DataRecord")))
    @APIResponse(responseCode = "400", description = "A key that does not fit the table's primaryKey (DS101)")
    @APIResponse(responseCode = "403", description = "The policies do not allow updating this record (DS302)")
    @APIResponse(responseCode = "404", description = "No soft-deleted record of that key: none, a live one, or a "
            + "table without soft delete (DS104)")
    public Uni<Response> restore(@PathParam("app") String app, @PathParam("ds") String ds,
                                 @PathParam("table") String table, @PathParam("pk") String pk) {
        return deletes.restore(app, ds, table, pk).map(record -> Response.ok(record, MediaType.APPLICATION_JSON)
                .build());
    }
}
