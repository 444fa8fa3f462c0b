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

/** The trees of a table's hierarchy, nested; this route takes records/tree before records/{pk}. */
@Path("/api/apps/{app}/datasources/{ds}/datatables/{table}/records/tree")
@Tag(name = "Hierarchies")
@Produces(MediaType.APPLICATION_JSON)
public class ForestResource {
    private final HierarchyService hierarchies;

    public ForestResource(HierarchyService hierarchies) {
        this.hierarchies = hierarchies;
    }

    @GET
    @Parameter(name = "roots", in = ParameterIn.QUERY)
    @Parameter(name = "via", in = ParameterIn.QUERY)
    @Parameter(name = "max_depth", in = ParameterIn.QUERY)
    @Parameter(name = "limit", in = ParameterIn.QUERY)
    @Parameter(name = "fields", in = ParameterIn.QUERY)
    @Parameter(name = "ordering", in = ParameterIn.QUERY)
    @Operation(operationId = "recordTrees", summary = "The trees of the records roots selects (a filter in the group syntax, e.g. roots=(title=CEO); default: the records whose parent is null), nested with children; the list's filters prune them; fields, ordering of siblings, via, max_depth, limit. The segment tree is taken by this route: a record whose key is tree is read with records/?id=tree")
    @APIResponse(responseCode = "200", description = "{count, truncated, results: [trees]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "HierarchyPage")))
    @APIResponse(responseCode = "400", description = "The table has no self-reference, via names none, or a parameter "
            + "is refused (max_depth, limit, a filter, fields, ordering, page), named (DS101)")
    @APIResponse(responseCode = "404", description = "No such app, datasource or datatable (DS104)")
    public Uni<Response> trees(@PathParam("app") String app, @PathParam("ds") String ds,
                             @PathParam("table") String table, @Context UriInfo uri) {
        return hierarchies.tree(app, ds, table, null, uri.getQueryParameters())
                .map(answer -> HierarchyAnswers.whole(answer));
    }
}
