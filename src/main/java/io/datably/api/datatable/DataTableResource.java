package io.datably.api.datatable;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.api.Paged;
import io.datably.config.DatablyConfig;
import io.datably.service.DataTableInput;
import io.datably.service.DataTableService;
import io.datably.service.DataTableView;
import io.datably.service.Flags;
import io.datably.service.Paging;
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
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** DataTables: tables defined by a Frictionless Table Schema. */
@Path("/api/apps/{app}/datasources/{ds}/datatables")
@Tag(name = "DataTables")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DataTableResource {
    private final DataTableService tables;
    private final DatablyConfig config;

    public DataTableResource(DataTableService tables, DatablyConfig config) {
        this.tables = tables;
        this.config = config;
    }

    @POST
    @ResponseStatus(201)
    @Operation(summary = "Create a datatable from a Frictionless Table Schema; materialized unless materialize=false")
    public Uni<DataTableView> create(@PathParam("app") String app, @PathParam("ds") String ds,
                                     DataTableInput input) {
        return tables.create(app, ds, input);
    }

    @GET
    @Operation(summary = "List the datasource's datatables")
    public Uni<Paged<DataTableView>> list(@PathParam("app") String app, @PathParam("ds") String ds,
                                          @QueryParam("is_materialized") String materialized,
                                          @QueryParam("is_active") String active, @QueryParam("page") String page,
                                          @QueryParam("page_size") String pageSize, @Context UriInfo uri) {
        Paging paging = Paging.parse(page, pageSize, config.paging().defaultPageSize(), config.paging().maxPageSize());
        return tables.list(app, ds, Flags.parse("is_materialized", materialized), Flags.parse("is_active", active),
                paging).map(s -> Paged.of(s, paging, uri));
    }

    @GET
    @Path("/{table}")
    @Operation(summary = "Read a datatable")
    public Uni<DataTableView> get(@PathParam("app") String app, @PathParam("ds") String ds,
                                  @PathParam("table") String table) {
        return tables.get(app, ds, table);
    }

    @PUT
    @Path("/{table}")
    @Operation(summary = "Replace a datatable's description and schema (schema changes of materialized tables: 409 until migrations land)")
    public Uni<DataTableView> replace(@PathParam("app") String app, @PathParam("ds") String ds,
                                      @PathParam("table") String table, DataTableInput input) {
        return tables.update(app, ds, table, input, false);
    }

    @PATCH
    @Path("/{table}")
    @Operation(summary = "Change a datatable's description, schema or is_active")
    public Uni<DataTableView> patch(@PathParam("app") String app, @PathParam("ds") String ds,
                                    @PathParam("table") String table, DataTableInput input) {
        return tables.update(app, ds, table, input, true);
    }

    @DELETE
    @Path("/{table}")
    @ResponseStatus(204)
    @Operation(summary = "Soft-delete a datatable (its records are kept)")
    public Uni<Void> delete(@PathParam("app") String app, @PathParam("ds") String ds,
                            @PathParam("table") String table) {
        return tables.delete(app, ds, table);
    }

    @GET
    @Path("/{table}/schema")
    @Operation(summary = "The datatable's Frictionless Table Schema alone")
    public Uni<JsonNode> schema(@PathParam("app") String app, @PathParam("ds") String ds,
                                @PathParam("table") String table) {
        return tables.schema(app, ds, table);
    }

    @POST
    @Path("/{table}/materialize")
    @Operation(summary = "Create the physical table of a datatable made with materialize=false (no-op when done)")
    public Uni<DataTableView> materialize(@PathParam("app") String app, @PathParam("ds") String ds,
                                          @PathParam("table") String table) {
        return tables.materialize(app, ds, table);
    }
}
