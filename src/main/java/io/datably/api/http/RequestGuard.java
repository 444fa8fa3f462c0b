package io.datably.api.http;

import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.Incidents;
import io.datably.error.ProblemItem;
import io.datably.error.ProblemMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The first look at every request, on the Vert.x router before Quarkus' own limit check and before JAX-RS routes it:
 * a body declared over {@code quarkus.http.limits.max-body-size} is a 413, a path or query that cannot be read
 * exactly a 400 ({@link RequestTarget}), both as problem+json. Failures Vert.x raises itself while routing answer
 * problem+json too ({@link #failed}); what Netty refuses before any handler runs (a URL or headers over the limits)
 * keeps its empty answer.
 */
@ApplicationScoped
public class RequestGuard {
    private final Optional<MemorySize> maxBodySize;
    private final RouteTable routes;

    public RequestGuard(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize,
                        RouteTable routes) {
        this.maxBodySize = maxBodySize;
        this.routes = routes;
    }

    void install(@Observes Router router) {
        int beforeQuarkusLimit = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1;
        router.route().order(beforeQuarkusLimit).handler(this::check);
        router.route().order(beforeQuarkusLimit).failureHandler(this::failed);
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null && maxBodySize.isPresent() && tooLarge(length, maxBodySize.get().asLongValue())) {
            long limit = maxBodySize.get().asLongValue();
            // The body is not read: answer, then close the connection (as Quarkus' own check does).
            context.response().putHeader(HttpHeaderNames.CONNECTION, "close")
                    .endHandler(ended -> context.request().connection().close());
            send(context.response(), new DatablyException(ErrorCode.PAYLOAD_TOO_LARGE, "The request body ("
                    + length + " bytes) is larger than the limit of " + limit + " bytes",
                    List.of(new ProblemItem("body", "too_large", "at most " + limit + " bytes"))));
            return;
        }
        try {
            String path = context.request().path();
            RequestTarget.check(path, context.request().query(), segment -> routes.parameterAt(path, segment));
        } catch (DatablyException e) {
            send(context.response(), e);
            return;
        }
        context.next();
    }

    private static boolean tooLarge(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // Netty refuses a malformed Content-Length before any handler runs
        }
    }

    /**
     * A failure Vert.x reports while routing (an HTTP/1.1 request without Host, a handler that failed outside
     * JAX-RS): problem+json instead of Quarkus' own JSON, which carries the exception's class and stack.
     */
    private void failed(RoutingContext context) {
        if (context.response().headWritten()) {
            context.next();
            return;
        }
        int status = context.statusCode() > 0 ? context.statusCode()
                : context.failure() instanceof HttpException h ? h.getStatusCode() : 500;
        ErrorCode code = switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            default -> status < 500 ? ErrorCode.INVALID_PARAMETER : ErrorCode.INTERNAL;
        };
        String detail;
        if (status >= 500) {
            detail = Incidents.detail(Incidents.log("Unhandled error while routing " + context.request().method()
                    + " " + context.request().path(), context.failure()));
        } else {
            detail = context.failure() == null || context.failure().getMessage() == null
                    ? "The request cannot be served (HTTP " + status + ")" : context.failure().getMessage();
        }
        context.response().setStatusCode(status).putHeader(HttpHeaderNames.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON)
                .end(Json.encode(ProblemMapper.document(code, status, detail)));
    }

    private static void send(HttpServerResponse response, DatablyException e) {
        response.setStatusCode(e.code().status()).putHeader(HttpHeaderNames.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON)
                .end(Json.encode(ProblemMapper.document(e)));
    }
}
