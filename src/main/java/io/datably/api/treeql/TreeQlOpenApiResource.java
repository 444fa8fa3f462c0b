package io.datably.api.treeql;

import io.datably.authz.Authorizer;
import io.datably.authz.Kind;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.Outages;
import io.datably.service.treeql.TreeQlOpenApi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/apps/{app}/datasources/{ds}/openapi}: the datasource's TreeQL API as OpenAPI 3. A TreeQL path, so
 * its failures are TreeQL's {@code {"code","message"}} too: a datasource that is not there (or another tenant's) is
 * PHP-CRUD-API's "route not found" (1000), a policy's refusal 1014 (which is why the datasource's {@code read} is
 * checked here, not by the catalog's request filter that answers in the native format).
 */
@Path("/api/apps/{app}/datasources/{ds}/openapi")
@Tag(name = "TreeQL")
public class TreeQlOpenApiResource {
    private final TreeQlOpenApi openapi;
    private final Authorizer authorizer;

    public TreeQlOpenApiResource(TreeQlOpenApi openapi, Authorizer authorizer) {
        this.openapi = openapi;
        this.authorizer = authorizer;
    }

    @GET
    @Operation(operationId = "treeqlGetOpenApi", summary = "The OpenAPI 3 description of this datasource's TreeQL API: paths and a schema per table")
    @APIResponse(responseCode = "200", description = "The description",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "OpenApiDocument")))
    @APIResponse(responseCode = "404", description = "{\"code\": 1000, \"message\": \"Route '…' not found\"}: no such "
            + "app or datasource")
    @APIResponse(responseCode = "403", description = "{\"code\": 1014, ...}: the caller's policies do not let them read "
            + "the datasource")
    public Uni<Response> describe(@PathParam("app") String app, @PathParam("ds") String ds, @Context UriInfo uri) {
        return Uni.createFrom()
                .deferred(() -> authorizer.require(Kind.DATASOURCE, "read", authorizer.scope(app, ds), ds))
                .chain(() -> openapi.describe(app, ds))
                .map(doc -> Response.ok(doc.toString(), TreeQlResource.JSON).build())
                .onFailure().transform(Outages::translate)
                .onFailure(DatablyException.class).recoverWithItem(failure -> {
                    DatablyException e = (DatablyException) failure;
                    if (e.code() == ErrorCode.NOT_FOUND) {
                        return TreeQlResource.error(404, 1000, "Route '" + uri.getPath() + "' not found");
                    }
                    return TreeQlResource.treeQlError(e, null, null, "document");
                });
    }
}
