package io.datably.api.graph;

import io.datably.service.graph.GraphService;
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

/**
 * Graph walks over a table's records (issue 15): the edges are the records of the table the schema's
 * {@code "datably:graph"} names (or the one unambiguous candidate). Read-only; every node and edge visited is within
 * the caller's {@code read} row filters (authorized in the service, like a list).
 */
@Path("/api/apps/{app}/datasources/{ds}/datatables/{table}/graph")
@Tag(name = "Graphs")
@Produces(MediaType.APPLICATION_JSON)
public class GraphResource {
    private static final String FILTERS = " Other parameters filter the nodes walked (the list filter language: "
            + "status=active, age__gte=18); edge__<field>[__<op>]=<value> filters the edges (edge__weight__gt=2). "
            + "A node or edge not matching, hidden by the caller's row filter or soft-deleted is neither answered nor "
            + "walked through; the named start node must only exist and be visible.";
    private static final String WALKED = "{count, limit, truncated, edges, results: [{key, depth, path, record}]}";

    private final GraphService graphs;

    public GraphResource(GraphService graphs) {
        this.graphs = graphs;
    }

    @GET
    @Path("/traverse")
    @Parameter(name = "start", in = ParameterIn.QUERY)
    @Parameter(name = "algorithm", in = ParameterIn.QUERY)
    @Parameter(name = "direction", in = ParameterIn.QUERY)
    @Parameter(name = "max_depth", in = ParameterIn.QUERY)
    @Parameter(name = "limit", in = ParameterIn.QUERY)
    @Operation(operationId = "graphTraverse", summary = "Walk the graph from start=<key>: algorithm=bfs|dfs (bfs), "
            + "direction=out|in|both (out), max_depth (datably.traversal.default-depth, at most max-depth), limit "
            + "(at most datably.traversal.max-nodes; the start counts). Nodes in visiting order, each with its depth "
            + "and the keys of the path that reached it (BFS: the shortest, lexicographically least; DFS: the "
            + "lexicographically least simple path)." + FILTERS)
    @APIResponse(responseCode = "200", description = WALKED + " plus start, algorithm, direction, max_depth",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "GraphWalk")))
    @APIResponse(responseCode = "400", description = "A bad parameter or filter, or a table without an unambiguous "
            + "graph (DS101)")
    @APIResponse(responseCode = "404", description = "No such datatable, or no visible start node (DS104)")
    @APIResponse(responseCode = "503", description = "The walk ran beyond datably.traversal.statement-timeout, or a dependency is out (DS503)")
    public Uni<Response> traverse(@PathParam("app") String app, @PathParam("ds") String ds,
                                  @PathParam("table") String table, @Context UriInfo uri) {
        return graphs.traverse(app, ds, table, uri.getQueryParameters()).map(GraphResource::ok);
    }

    @GET
    @Path("/neighbors")
    @Parameter(name = "node", in = ParameterIn.QUERY)
    @Parameter(name = "depth", in = ParameterIn.QUERY)
    @Parameter(name = "direction", in = ParameterIn.QUERY)
    @Parameter(name = "limit", in = ParameterIn.QUERY)
    @Operation(operationId = "graphNeighbors", summary = "The nodes within depth=<n> (1) edges of node=<key>, not "
            + "itself, breadth first; direction=out|in|both (both), limit." + FILTERS)
    @APIResponse(responseCode = "200", description = WALKED + " plus node, direction, depth",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "GraphWalk")))
    @APIResponse(responseCode = "400", description = "A bad parameter or filter, or no unambiguous graph (DS101)")
    @APIResponse(responseCode = "404", description = "No such datatable, or no visible node (DS104)")
    @APIResponse(responseCode = "503", description = "The walk ran beyond datably.traversal.statement-timeout, or a dependency is out (DS503)")
    public Uni<Response> neighbors(@PathParam("app") String app, @PathParam("ds") String ds,
                                   @PathParam("table") String table, @Context UriInfo uri) {
        return graphs.neighbors(app, ds, table, uri.getQueryParameters()).map(GraphResource::ok);
    }

    @GET
    @Path("/components")
    @Parameter(name = "node", in = ParameterIn.QUERY)
    @Parameter(name = "limit", in = ParameterIn.QUERY)
    @Operation(operationId = "graphComponent", summary = "The connected component of node=<key>: every node reached "
            + "along edges either way, by key, with no depth bound; limit." + FILTERS)
    @APIResponse(responseCode = "200", description = WALKED + " plus node and keys (depth and path are not "
            + "meaningful here: 0 and [])",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "GraphWalk")))
    @APIResponse(responseCode = "400", description = "A bad parameter or filter, or no unambiguous graph (DS101)")
    @APIResponse(responseCode = "404", description = "No such datatable, or no visible node (DS104)")
    @APIResponse(responseCode = "503", description = "The walk ran beyond datably.traversal.statement-timeout, or a dependency is out (DS503)")
    public Uni<Response> components(@PathParam("app") String app, @PathParam("ds") String ds,
                                    @PathParam("table") String table, @Context UriInfo uri) {
        return graphs.components(app, ds, table, uri.getQueryParameters()).map(GraphResource::ok);
    }

    @GET
    @Path("/shortest-path")
    @Parameter(name = "from", in = ParameterIn.QUERY)
    @Parameter(name = "to", in = ParameterIn.QUERY)
    @Parameter(name = "direction", in = ParameterIn.QUERY)
    @Parameter(name = "weighted", in = ParameterIn.QUERY)
    @Parameter(name = "max_depth", in = ParameterIn.QUERY)
    @Operation(operationId = "graphShortestPath", summary = "The shortest path from=<key> to=<key>: fewest edges "
            + "(BFS), or weighted=true least total weight (Dijkstra; a negative weight is a 400, an edge without "
            + "weight is not taken); direction=out|in|both (out), max_depth (max-depth). Ties: the lexicographically "
            + "least path of node keys." + FILTERS + " The to node must match the node filters.")
    @APIResponse(responseCode = "200", description = "{from, to, cost, length, path: [keys], nodes: [records], "
            + "edges: [{from, to, weight, record}], direction, weighted}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ShortestPath")))
    @APIResponse(responseCode = "400", description = "A bad parameter or filter, weighted on a graph without weight, "
            + "a negative weight, or no unambiguous graph (DS101)")
    @APIResponse(responseCode = "404", description = "No such datatable, no visible from or to node, or no path "
            + "(DS104)")
    @APIResponse(responseCode = "503", description = "A level ran beyond datably.traversal.statement-timeout, or a dependency is out (DS503)")
    public Uni<Response> shortestPath(@PathParam("app") String app, @PathParam("ds") String ds,
                                      @PathParam("table") String table, @Context UriInfo uri) {
        return graphs.shortestPath(app, ds, table, uri.getQueryParameters()).map(GraphResource::ok);
    }

    private static Response ok(String json) {
        return Response.ok(json, MediaType.APPLICATION_JSON).build();
    }
}
