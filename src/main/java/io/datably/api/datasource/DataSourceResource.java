package io.datably.api.datasource;

import io.datably.api.Created;
import io.datably.api.Paged;
import io.datably.authz.Authorize;
import io.datably.authz.Kind;
import io.datably.config.DatablyConfig;
import io.datably.service.Flags;
import io.datably.service.Paging;
import io.datably.service.catalog.AdoptionService;
import io.datably.service.catalog.DataSourceInput;
import io.datably.service.catalog.DataSourceService;
import io.datably.service.catalog.DataSourceView;
import io.datably.service.catalog.StatsService;
import io.datably.service.catalog.StatsView;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** DataSources: sets of tables served by one provider. */
@Path("/api/apps/{app}/datasources")
@Tag(name = "DataSources")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DataSourceResource {
    private final DataSourceService datasources;
    private final StatsService stats;
    private final DatablyConfig config;
    private final AdoptionService adoption;

    public DataSourceResource(DataSourceService datasources, StatsService stats, DatablyConfig config,
                              AdoptionService adoption) {
        this.datasources = datasources;
        this.stats = stats;
        this.config = config;
        this.adoption = adoption;
    }

    @Authorize(kind = Kind.DATASOURCE, action = "create")
    @POST
    @Operation(operationId = "createDataSource", summary = "Create a datasource with provider_type flat_table, jsonb or mongodb")
    @APIResponse(responseCode = "201", description = "The datasource, created",
            headers = @Header(name = "Location", description = "The URL of the datasource created",
                    schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "DataSourceView")))
    @APIResponse(responseCode = "409", description = "DS110: the slug is taken")
    public Uni<Response> create(@PathParam("app") String app, DataSourceInput input, @Context UriInfo uri) {
        return datasources.create(app, input).map(view -> Created.at(uri, view.slug(), view));
    }

    @Authorize(kind = Kind.DATASOURCE, action = "list")
    @GET
    @Operation(operationId = "listDataSources", summary = "List the app's datasources (active ones unless is_active=false)")
    public Uni<Paged<DataSourceView>> list(@PathParam("app") String app, @QueryParam("search") String search,
                                           @QueryParam("is_active") String active, @QueryParam("page") String page,
                                           @QueryParam("page_size") String pageSize, @Context UriInfo uri) {
        Paging paging = Paging.parse(page, pageSize, config.paging().defaultPageSize(), config.paging().maxPageSize());
        return datasources.list(app, search, Flags.parse("is_active", active), paging)
                .map(s -> Paged.of(s, paging, uri));
    }

    @Authorize(kind = Kind.DATASOURCE, action = "read")
    @GET
    @Path("/{ds}")
    @Operation(operationId = "getDataSource", summary = "Read a datasource")
    public Uni<DataSourceView> get(@PathParam("app") String app, @PathParam("ds") String ds) {
        return datasources.get(app, ds);
    }

    @Authorize(kind = Kind.DATASOURCE, action = "update")
    @PATCH
    @Path("/{ds}")
    @Operation(operationId = "updateDataSource", summary = "Change a datasource's name, slug, description, provider_config or is_active")
    @APIResponse(responseCode = "409", description = "DS110: the slug is taken")
    @APIResponse(responseCode = "200", description = "The datasource",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "DataSourceView")))
    public Uni<DataSourceView> patch(@PathParam("app") String app, @PathParam("ds") String ds,
                                     DataSourceInput input) {
        return datasources.update(app, ds, input);
    }

    @Authorize(kind = Kind.DATASOURCE, action = "delete")
    @DELETE
    @Path("/{ds}")
    @ResponseStatus(204)
    @Operation(operationId = "deleteDataSource", summary = "Soft-delete a datasource and its datatables")
    public Uni<Void> delete(@PathParam("app") String app, @PathParam("ds") String ds) {
        return datasources.delete(app, ds);
    }

    @Authorize(kind = Kind.DATASOURCE, action = "read")
    @GET
    @Path("/{ds}/stats")
    @Operation(operationId = "getDataSourceStats", summary = "Statistics of a datasource and each of its tables")
    public Uni<StatsView> stats(@PathParam("app") String app, @PathParam("ds") String ds) {
        return stats.ofDataSource(app, ds);
    }

    /** The body of an adoption: the tables to adopt, or none for all. */
    public record AdoptInput(java.util.List<String> tables) {
    }

    @Authorize(kind = Kind.DATATABLE, action = "adopt")
    @POST
    @Path("/{ds}/adopt")
    @Operation(operationId = "adoptTables", summary = "Adopt the tables and views already in the tenant's PostgreSQL schema (flat_table "
            + "datasources): all of them, or {\"tables\": [...]}; schemas are inferred from the catalog, views are "
            + "read-only. Answers {adopted: [datatables], skipped: [{name, reason}]}")
    public Uni<AdoptionService.Result> adopt(@PathParam("app") String app, @PathParam("ds") String ds,
                                             AdoptInput input) {
        return adoption.adopt(app, ds, input == null ? null : input.tables());
    }
}
