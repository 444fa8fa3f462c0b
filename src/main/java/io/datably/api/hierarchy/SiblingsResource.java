package io.datably.api.hierarchy;

import io.datably.service.hierarchy.HierarchyService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The siblings of a record along a self-referencing foreign key. */
@Path("/api/apps/{app}/datasources/{ds}/datatables/{table}/records/{pk}/siblings")
@Tag(name = "Hierarchies")
@Produces(MediaType.APPLICATION_JSON)
public class SiblingsResource {
    private final HierarchyService hierarchies;

    public SiblingsResource(HierarchyService hierarchies) {
        this.hierarchies = hierarchies;
    }

    @GET
    @Parameter(name = "via", in = ParameterIn.QUERY)
    @Parameter(name = "limit", in = ParameterIn.QUERY)
    @Parameter(name = "fields", in = ParameterIn.QUERY)
    @Parameter(name = "ordering", in = ParameterIn.QUERY)
    @Parameter(name = "page", in = ParameterIn.QUERY)
    @Parameter(name = "page_size", in = ParameterIn.QUERY)
    @Operation(operationId = "recordSiblings", summary = "The records with the same parent as a record, itself excluded (a root's siblings: the other roots), each with depth 0, path and is_leaf; filters, ordering, fields and paging as on the list; via and limit")
    @APIResponse(responseCode = "200", description = "The DRF envelope with truncated",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "HierarchyPage")))
    @APIResponse(responseCode = "400", description = "The table has no self-reference, via names none, or a parameter "
            + "is refused (max_depth, limit, a filter, fields, ordering, page), named (DS101)")
    @APIResponse(responseCode = "404", description = "No such record, or one the caller may not read; or a page past the last (DS104)")
    public Uni<Response> siblings(@PathParam("app") String app, @PathParam("ds") String ds,
                             @PathParam("table") String table, @PathParam("pk") String pk, @Context UriInfo uri) {
        return hierarchies.siblings(app, ds, table, pk, uri.getQueryParameters())
                .map(answer -> HierarchyAnswers.paged(answer, uri));
    }
}
