package io.datably.api.app;

import io.datably.api.Created;
import io.datably.api.Paged;
import io.datably.authz.Authorize;
import io.datably.authz.Kind;
import io.datably.config.DatablyConfig;
import io.datably.service.Flags;
import io.datably.service.Paging;
import io.datably.service.catalog.AppInput;
import io.datably.service.catalog.AppService;
import io.datably.service.catalog.AppView;
import io.datably.service.catalog.StatsService;
import io.datably.service.catalog.StatsView;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Apps: the top-level containers of a tenant. */
@Path("/api/apps")
@Tag(name = "Apps")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AppResource {
    private final AppService apps;
    private final StatsService stats;
    private final DatablyConfig config;

    public AppResource(AppService apps, StatsService stats, DatablyConfig config) {
        this.apps = apps;
        this.stats = stats;
        this.config = config;
    }

    @Authorize(kind = Kind.APP, action = "create")
    @POST
    @Operation(operationId = "createApp", summary = "Create an app; the slug is derived from the name when absent")
    @APIResponse(responseCode = "201", description = "The app, created",
            headers = @Header(name = "Location", description = "The URL of the app created",
                    schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AppView")))
    @APIResponse(responseCode = "409", description = "DS110: the slug is taken")
    public Uni<Response> create(AppInput input, @Context UriInfo uri) {
        return apps.create(input).map(view -> Created.at(uri, view.slug(), view));
    }

    @Authorize(kind = Kind.APP, action = "list")
    @GET
    @Operation(operationId = "listApps", summary = "List apps (active ones unless is_active=false), with search over name, slug, description")
    public Uni<Paged<AppView>> list(@QueryParam("search") String search, @QueryParam("is_active") String active,
                                    @QueryParam("page") String page, @QueryParam("page_size") String pageSize,
                                    @Context UriInfo uri) {
        Paging paging = Paging.parse(page, pageSize, config.paging().defaultPageSize(), config.paging().maxPageSize());
        return apps.list(search, Flags.parse("is_active", active), paging).map(s -> Paged.of(s, paging, uri));
    }

    @Authorize(kind = Kind.APP, action = "read")
    @GET
    @Path("/{app}")
    @Operation(operationId = "getApp", summary = "Read an app")
    public Uni<AppView> get(@PathParam("app") String app) {
        return apps.get(app);
    }

    @Authorize(kind = Kind.APP, action = "update")
    @PUT
    @Path("/{app}")
    @Operation(operationId = "replaceApp", summary = "Replace an app's name, slug and description")
    @APIResponse(responseCode = "409", description = "DS110: the slug is taken")
    @APIResponse(responseCode = "200", description = "The app",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AppView")))
    public Uni<AppView> replace(@PathParam("app") String app, AppInput input) {
        return apps.update(app, input, false);
    }

    @Authorize(kind = Kind.APP, action = "update")
    @PATCH
    @Path("/{app}")
    @Operation(operationId = "updateApp", summary = "Change some of an app's fields")
    @APIResponse(responseCode = "409", description = "DS110: the slug is taken")
    @APIResponse(responseCode = "200", description = "The app",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AppView")))
    public Uni<AppView> patch(@PathParam("app") String app, AppInput input) {
        return apps.update(app, input, true);
    }

    @Authorize(kind = Kind.APP, action = "delete")
    @DELETE
    @Path("/{app}")
    @ResponseStatus(204)
    @Operation(operationId = "deleteApp", summary = "Soft-delete an app: it and its datasources and datatables become inactive")
    public Uni<Void> delete(@PathParam("app") String app) {
        return apps.delete(app);
    }

    @Authorize(kind = Kind.APP, action = "read")
    @GET
    @Path("/{app}/stats")
    @Operation(operationId = "getAppStats", summary = "Statistics of an app: datasources, tables, records, storage, per provider")
    public Uni<StatsView> stats(@PathParam("app") String app) {
        return stats.ofApp(app);
    }
}
