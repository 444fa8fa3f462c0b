package io.datably.api.http;

import io.datably.api.treeql.TreeQlResource;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemMapper;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Requests JAX-RS found no method for. A path a native route serves with other methods is a 405 with {@code Allow};
 * an unknown path under a datasource answers as PHP-CRUD-API does (TreeQL lives there); anything else is a 404.
 */
public class RoutingProblems {
    /** A datasource's base, where TreeQL clients live; its {@code datatables/} part is the native API's. */
    private static final Pattern TREEQL_ROUTE =
            Pattern.compile("/api/apps/[^/]+/datasources/[^/]+(/(?!datatables(/|$)).*)");

    private final RouteTable routes;

    public RoutingProblems(RouteTable routes) {
        this.routes = routes;
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, ContainerRequestContext request) {
        return unrouted(request);
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, ContainerRequestContext request) {
        return unrouted(request);
    }

    private Response unrouted(ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        Set<String> served = routes.methodsAt(path);
        if (!served.isEmpty() && !served.contains(request.getMethod())) {
            Set<String> allow = new TreeSet<>(served);
            if (allow.contains("GET")) {
                allow.add("HEAD");
            }
            allow.add("OPTIONS");
            return Response.fromResponse(ProblemMapper.problem(ErrorCode.METHOD_NOT_ALLOWED, "Method "
                    + request.getMethod() + " is not allowed here; allowed: " + String.join(", ", allow), List.of()))
                    .header("Allow", String.join(", ", allow)).build();
        }
        Matcher treeql = TREEQL_ROUTE.matcher(path);
        if (treeql.matches()) {
            // PHP-CRUD-API's answer, so that its clients recognise it.
            return TreeQlResource.error(404, 1000, "Route '" + treeql.group(1) + "' not found");
        }
        return ProblemMapper.problem(ErrorCode.NOT_FOUND, "No such resource", List.of());
    }
}
