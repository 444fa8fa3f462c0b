package io.datably.api.app;

import io.datably.authz.Authorize;
import io.datably.authz.Kind;
import io.datably.service.catalog.openapi.NativeOpenApi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/apps/{app}/openapi[?datasource=slug]}: the typed OpenAPI document of the app's native records API,
 * for SDK generators. One datasource's document is asked with a query parameter rather than under the datasource's
 * path: {@code .../datasources/{ds}/openapi} is TreeQL's document, and {@code .../datatables/openapi} would take the
 * URL of a datatable named {@code openapi}. Authorized as the app's table list (it shows every table's schema, as
 * {@code GET /api/apps/{app}/datatables} does).
 */
@Path("/api/apps/{app}/openapi")
@Tag(name = "OpenAPI")
public class AppOpenApiResource {
    private final NativeOpenApi openapi;

    public AppOpenApiResource(NativeOpenApi openapi) {
        this.openapi = openapi;
    }

    @Authorize(kind = Kind.DATATABLE, action = "list")
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "appOpenApi", summary = "The typed OpenAPI 3.0.3 document of the app's native records "
            + "API (or of one datasource's, with datasource=slug): per materialized datatable its record, patch, page "
            + "and aggregate schemas and its operations (list<Table>, get, create, replace, update, delete, "
            + "aggregate), for SDK generators; deterministic, with an ETag that follows the schema hashes")
    @APIResponse(responseCode = "200", description = "The document",
            content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @APIResponse(responseCode = "304", description = "Unchanged: If-None-Match holds the current ETag")
    @APIResponse(responseCode = "404", description = "No such (active) app or datasource (DS104)")
    public Uni<Response> describe(@PathParam("app") String app, @QueryParam("datasource") String datasource,
                                  @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return openapi.describe(app, datasource == null || datasource.isEmpty() ? null : datasource).map(doc -> {
            Response.ResponseBuilder answer = matches(ifNoneMatch, doc.etag()) ? Response.notModified()
                    : Response.ok(doc.json().get().toString(), MediaType.APPLICATION_JSON);
            // no-cache: a cache may keep it, but must ask (If-None-Match) before reusing it.
            return answer.header(HttpHeaders.ETAG, doc.etag()).header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
        });
    }

    /** RFC 9110's weak comparison: any listed tag (W/ or not) equal to ours, or {@code *}. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
