package io.datably.api.datatable;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.api.Paged;
import io.datably.authz.Authorize;
import io.datably.authz.Kind;
import io.datably.config.DatablyConfig;
import io.datably.service.Paging;
import io.datably.service.evolution.IndexService;
import io.datably.service.evolution.IndexView;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** A datatable's indexes: listed from the store's catalog, built and dropped without blocking writes. */
@Path("/api/apps/{app}/datasources/{ds}/datatables/{table}/indexes")
@Tag(name = "Indexes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class IndexResource {
    private final IndexService indexes;
    private final DatablyConfig config;

    public IndexResource(IndexService indexes, DatablyConfig config) {
        this.indexes = indexes;
        this.config = config;
    }

    @Authorize(kind = Kind.DATATABLE, action = "read")
    @GET
    @Operation(operationId = "listIndexes", summary = "List the table's indexes: name, type (access method, or MongoDB's kind), fields, unique, "
            + "where (partial indexes), definition; managed=true for the schema's own (key, unique constraints, "
            + "search, references) and indexes made outside Datably, which cannot be dropped here")
    public Uni<Paged<IndexView>> list(@PathParam("app") String app, @PathParam("ds") String ds,
                                      @PathParam("table") String table, @QueryParam("page") String page,
                                      @QueryParam("page_size") String pageSize, @Context UriInfo uri) {
        Paging paging = Paging.parse(page, pageSize, config.paging().defaultPageSize(), config.paging().maxPageSize());
        return indexes.list(app, ds, table, paging).map(slice -> Paged.of(slice, paging, uri));
    }

    @Authorize(kind = Kind.DATATABLE, action = "index")
    @POST
    @ResponseStatus(201)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "IndexInput")))
    @Operation(operationId = "createIndex", summary = "Create an index: {name?, fields: [...], type?: btree|hash|gin|brin (PostgreSQL) or "
            + "btree|text (MongoDB), default btree, unique?: false, where?: <the filter tree of records/query/>}; "
            + "the name is derived from the fields when absent; built without blocking writes (PostgreSQL: CREATE "
            + "INDEX CONCURRENTLY); 409 for a taken name or a unique index over duplicate values")
    @APIResponse(responseCode = "201", description = "The index, created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "IndexView")))
    @APIResponse(responseCode = "409", description = "DS110: the name is taken, or a unique index over duplicate values")
    public Uni<IndexView> create(@PathParam("app") String app, @PathParam("ds") String ds,
                                 @PathParam("table") String table, JsonNode body) {
        return indexes.create(app, ds, table, body);
    }

    @Authorize(kind = Kind.DATATABLE, action = "index")
    @DELETE
    @Path("/{name}")
    @ResponseStatus(204)
    @Operation(operationId = "dropIndex", summary = "Drop an index made through this API, without blocking writes (managed indexes: 409)")
    @APIResponse(responseCode = "409", description = "A managed index (a primary, unique or foreign key's)")
    @APIResponse(responseCode = "204", description = "Dropped")
    public Uni<Void> drop(@PathParam("app") String app, @PathParam("ds") String ds,
                          @PathParam("table") String table, @PathParam("name") String name) {
        return indexes.drop(app, ds, table, name);
    }
}
