package io.datably.api.datatable;

import io.datably.api.Paged;
import io.datably.authz.Authorize;
import io.datably.authz.Kind;
import io.datably.config.DatablyConfig;
import io.datably.service.Flags;
import io.datably.service.Paging;
import io.datably.service.catalog.DataTableService;
import io.datably.service.catalog.DataTableView;
import io.datably.service.catalog.StatsService;
import io.datably.service.catalog.StatsView;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tables of an app across all its datasources. */
@Path("/api/apps/{app}/datatables")
@Tag(name = "DataTables")
@Produces(MediaType.APPLICATION_JSON)
public class AppTablesResource {
    private final DataTableService tables;
    private final StatsService stats;
    private final DatablyConfig config;

    public AppTablesResource(DataTableService tables, StatsService stats, DatablyConfig config) {
        this.tables = tables;
        this.stats = stats;
        this.config = config;
    }

    @Authorize(kind = Kind.DATATABLE, action = "list")
    @GET
    @Operation(operationId = "listAppDataTables", summary = "All active datatables of the app; filter with datasource=slug and is_materialized")
    public Uni<Paged<DataTableView>> list(@PathParam("app") String app, @QueryParam("datasource") String datasource,
                                          @QueryParam("is_materialized") String materialized,
                                          @QueryParam("page") String page, @QueryParam("page_size") String pageSize,
                                          @Context UriInfo uri) {
        Paging paging = Paging.parse(page, pageSize, config.paging().defaultPageSize(), config.paging().maxPageSize());
        return tables.listOfApp(app, datasource, Flags.parse("is_materialized", materialized), paging)
                .map(s -> Paged.of(s, paging, uri));
    }

    @Authorize(kind = Kind.APP, action = "read")
    @GET
    @Path("/stats")
    @Operation(operationId = "getAppDataTableStats", summary = "Cross-datasource statistics: totals, per provider and per table")
    public Uni<StatsView> stats(@PathParam("app") String app) {
        return stats.ofAppTables(app);
    }
}
