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

/** The tree under a record, nested. */
@Path("/api/apps/{app}/datasources/{ds}/datatables/{table}/records/{pk}/tree")
@Tag(name = "Hierarchies")
@Produces(MediaType.APPLICATION_JSON)
public class SubtreeResource {
    private final HierarchyService hierarchies;

    public SubtreeResource(HierarchyService hierarchies) {
        this.hierarchies = hierarchies;
    }

    @GET
    @Parameter(name = "via", in = ParameterIn.QUERY)
    @Parameter(name = "max_depth", in = ParameterIn.QUERY)
    @Parameter(name = "limit", in = ParameterIn.QUERY)
    @Parameter(name = "fields", in = ParameterIn.QUERY)
    @Parameter(name = "ordering", in = ParameterIn.QUERY)
    @Operation(operationId = "recordTree", summary = "The tree under a record, nested: the record with depth 0, is_leaf and children (each a node alike, siblings ordered by ordering); the list's filters prune it (a node that fails them is left out with its subtree); fields, via, max_depth, limit")
    @APIResponse(responseCode = "200", description = "{count, truncated, results: [the record's tree]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "HierarchyPage")))
    @APIResponse(responseCode = "400", description = "The table has no self-reference, via names none, or a parameter "
            + "is refused (max_depth, limit, a filter, fields, ordering, page), named (DS101)")
    @APIResponse(responseCode = "404", description = "No such record, or one the caller may not read (DS104)")
    public Uni<Response> tree(@PathParam("app") String app, @PathParam("ds") String ds,
                             @PathParam("table") String table, @PathParam("pk") String pk, @Context UriInfo uri) {
        return hierarchies.tree(app, ds, table, pk, uri.getQueryParameters())
                .map(answer -> HierarchyAnswers.whole(answer));
    }
}
