package io.datably.authz;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Checks the {@link Authorize} action of the matched resource method, after authentication has named the caller and
 * tenant: catalog endpoints are decided here, before anything is looked up, so a refusal says nothing about whether
 * the object exists. Record endpoints carry no annotation: their decisions depend on the records
 * ({@code service.records}).
 */
public class CatalogAuthorization {
    private final Authorizer authorizer;

    public CatalogAuthorization(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public Uni<Response> authorize(ContainerRequestContext request, ResourceInfo resource) {
        Authorize action = resource.getResourceMethod() == null ? null
                : resource.getResourceMethod().getAnnotation(Authorize.class);
        if (action == null || !authorizer.enabled()) {
            return Uni.createFrom().nullItem();
        }
        MultivaluedMap<String, String> path = request.getUriInfo().getPathParameters();
        String app = path.getFirst("app");
        String ds = app == null ? null : path.getFirst("ds");
        String table = ds == null ? null : path.getFirst("table");
        String id = switch (action.kind()) {
            case APP -> app;
            case DATASOURCE -> ds;
            case DATATABLE, RECORD -> table;
        };
        return authorizer.require(action.kind(), action.action(), authorizer.scope(app, ds, table),
                id == null ? "*" : id).replaceWith((Response) null);
    }
}
