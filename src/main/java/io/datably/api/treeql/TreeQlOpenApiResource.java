package io.datably.api.treeql;

import io.datably.authz.Authorize;
import io.datably.authz.Kind;
import io.datably.service.treeql.TreeQlOpenApi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/apps/{app}/datasources/{ds}/openapi}: the datasource's TreeQL API as OpenAPI 3. */
@Path("/api/apps/{app}/datasources/{ds}/openapi")
@Tag(name = "TreeQL")
public class TreeQlOpenApiResource {
    private final TreeQlOpenApi openapi;

    public TreeQlOpenApiResource(TreeQlOpenApi openapi) {
        this.openapi = openapi;
    }

    @Authorize(kind = Kind.DATASOURCE, action = "read")
    @GET
    @Operation(operationId = "treeqlGetOpenApi", summary = "The OpenAPI 3 description of this datasource's TreeQL API: paths and a schema per table")
    @APIResponse(responseCode = "200", description = "The description",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "OpenApiDocument")))
    public Uni<Response> describe(@PathParam("app") String app, @PathParam("ds") String ds) {
        return openapi.describe(app, ds).map(doc -> Response.ok(doc.toString(), TreeQlResource.JSON).build());
    }
}
