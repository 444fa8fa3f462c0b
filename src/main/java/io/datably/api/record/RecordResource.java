package io.datably.api.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datably.api.PageLinks;
import io.datably.config.DatablyConfig;
import io.datably.error.DatablyException;
import io.datably.service.Paging;
import io.datably.service.RecordService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The native records API of one datatable. Record JSON is written as PostgreSQL (or the provider) rendered it:
 * the resource only wraps it, it never parses and re-serialises records.
 */
@Path("/api/apps/{app}/datasources/{ds}/datatables/{table}/records")
@Tag(name = "Records")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RecordResource {
    private final RecordService records;
    private final DatablyConfig config;
    private final ObjectMapper mapper;

    public RecordResource(RecordService records, DatablyConfig config, ObjectMapper mapper) {
        this.records = records;
        this.config = config;
        this.mapper = mapper;
    }

    @GET
    @Operation(summary = "List records: page/page_size, count=exact|none")
    public Uni<Response> list(@PathParam("app") String app, @PathParam("ds") String ds,
                              @PathParam("table") String table, @QueryParam("page") String page,
                              @QueryParam("page_size") String pageSize,
                              @Parameter(description = "exact (default) or none") @QueryParam("count") String count,
                              @Context UriInfo uri) {
        Paging paging = Paging.parse(page, pageSize, config.paging().defaultPageSize(), config.paging().maxPageSize());
        boolean withCount = countMode(count);
        return records.list(app, ds, table, paging, withCount).map(result -> json("{\"count\":"
                + (withCount ? Long.toString(result.count()) : "null")
                + ",\"next\":" + quoted(nextLink(uri, paging, result.count(), result.resultsJson()))
                + ",\"previous\":" + quoted(PageLinks.previous(uri, paging))
                + ",\"results\":" + result.resultsJson() + "}", 200));
    }

    @POST
    @Operation(summary = "Create one record (object) or many (array, all or nothing)")
    public Uni<Response> create(@PathParam("app") String app, @PathParam("ds") String ds,
                                @PathParam("table") String table, JsonNode body) {
        return records.create(app, ds, table, body).map(stored -> json(body != null && body.isArray()
                ? "[" + String.join(",", stored) + "]" : stored.get(0), 201));
    }

    @GET
    @Path("/{pk}")
    @Operation(summary = "Read a record by primary key (composite keys: values separated by ',')")
    public Uni<Response> get(@PathParam("app") String app, @PathParam("ds") String ds,
                             @PathParam("table") String table, @PathParam("pk") String pk) {
        return records.get(app, ds, table, pk).map(r -> json(r, 200));
    }

    @PUT
    @Path("/{pk}")
    @Operation(summary = "Replace a record")
    public Uni<Response> replace(@PathParam("app") String app, @PathParam("ds") String ds,
                                 @PathParam("table") String table, @PathParam("pk") String pk, JsonNode body) {
        return records.replace(app, ds, table, pk, body).map(r -> json(r, 200));
    }

    @PATCH
    @Path("/{pk}")
    @Operation(summary = "Change some fields of a record")
    public Uni<Response> patch(@PathParam("app") String app, @PathParam("ds") String ds,
                               @PathParam("table") String table, @PathParam("pk") String pk, JsonNode body) {
        return records.update(app, ds, table, pk, body).map(r -> json(r, 200));
    }

    @DELETE
    @Path("/{pk}")
    @Operation(summary = "Delete a record")
    public Uni<Response> delete(@PathParam("app") String app, @PathParam("ds") String ds,
                                @PathParam("table") String table, @PathParam("pk") String pk) {
        return records.delete(app, ds, table, pk).map(ignored -> Response.noContent().build());
    }

    private static boolean countMode(String count) {
        if (count == null || count.isBlank() || count.equals("exact")) {
            return true;
        }
        if (count.equals("none")) {
            return false;
        }
        throw DatablyException.invalidParameter("count", "must be exact or none");
    }

    /** Without a count, a next link is offered while pages come back full. */
    private static String nextLink(UriInfo uri, Paging paging, long count, String results) {
        if (count >= 0) {
            return PageLinks.next(uri, paging, count);
        }
        return results.length() > 2 ? PageLinks.next(uri, paging, -1) : null;
    }

    private String quoted(String value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response json(String body, int status) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
