package io.datably.api.http;

import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.Incidents;
import io.datably.error.Outages;
import io.datably.error.ProblemItem;
import io.datably.error.ProblemMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.datably.config.DatablyConfig;
import io.datably.config.ImportConfig;
import io.quarkus.security.AuthenticationException;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The first look at every request, on the Vert.x router before Quarkus' own limit check and before JAX-RS routes it:
 * a body declared over the route's limit is a 413 ({@code datably.http.max-body-size}; an import's
 * {@code datably.import.max-body-size}), a path or query that cannot be read exactly a 400 ({@link RequestTarget}),
 * both as problem+json. Quarkus' own limit is the larger import limit, so a chunked body of another route is bounded
 * here too: right after Quarkus' limit handler, the route's own limit replaces the one it gives the body stream. Failures Vert.x raises itself while routing answer
 * problem+json too ({@link #failed}); what Netty refuses before any handler runs (a URL or headers over the limits)
 * keeps its empty answer.
 */
@ApplicationScoped
public class RequestGuard {
    /** {@code POST .../datatables/{table}/imports/}: the one route with a larger body limit. */
    private static final Pattern IMPORT = Pattern.compile("/api/apps/[^/]+/datasources/[^/]+/datatables/[^/]+"
            + "/imports/?");
    /** Where Quarkus' limit handler leaves the limit of a chunked body for the stream that reads it. */
    private static final String STREAM_LIMIT = "io.quarkus.max-request-size";

    private final long maxBodySize;
    private final long maxImportSize;
    private final RouteTable routes;

    public RequestGuard(DatablyConfig config, ImportConfig imports, RouteTable routes) {
        this.maxBodySize = config.http().maxBodySize().asLongValue();
        this.maxImportSize = imports.maxBodySize().asLongValue();
        this.routes = routes;
    }

    void install(@Observes Router router) {
        int beforeQuarkusLimit = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1;
        router.route().order(beforeQuarkusLimit).handler(this::check);
        router.route().order(beforeQuarkusLimit).failureHandler(this::failed);
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(this::limitStream);
    }

    /** Whether this request is an import, whose body limit is {@code datably.import.max-body-size}. */
    public static boolean isImport(io.vertx.core.http.HttpServerRequest request) {
        return request.method() == io.vertx.core.http.HttpMethod.POST && IMPORT.matcher(request.path()).matches();
    }

    private long limitOf(RoutingContext context) {
        return isImport(context.request()) ? maxImportSize : maxBodySize;
    }

    /** A chunked body: the stream that reads it stops at the route's limit (Quarkus gave it its outer bound). */
    private void limitStream(RoutingContext context) {
        if (context.get(STREAM_LIMIT) != null) {
            context.put(STREAM_LIMIT, limitOf(context));
        }
        context.next();
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaderNames.CONTENT_LENGTH);
        long limit = limitOf(context);
        if (length != null && tooLarge(length, limit)) {
            // The body is not read: answer, then close the connection (as Quarkus' own check does).
            context.response().putHeader(HttpHeaderNames.CONNECTION, "close")
                    .endHandler(ended -> context.request().connection().close());
            String key = isImport(context.request()) ? "datably.import.max-body-size" : "datably.http.max-body-size";
            send(context.response(), new DatablyException(ErrorCode.PAYLOAD_TOO_LARGE, "The request body ("
                    + length + " bytes) is larger than the limit of " + limit + " bytes (" + key + ")",
                    List.of(new ProblemItem("body", "too_large", "at most " + limit + " bytes (" + key + ")"))));
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
     * JAX-RS): problem+json instead of Quarkus' own JSON, which carries the exception's class and stack. Not the
     * failures of a sign-in (the console's), which Quarkus answers with a redirect or a challenge.
     */
    private void failed(RoutingContext context) {
        // Quarkus' own handler answers the sign-in's steps (the console's code flow): the redirect that completes
        // it, a challenge when its state or session is refused.
        if (context.response().headWritten() || context.failure() instanceof AuthenticationException) {
            context.next();
            return;
        }
        DatablyException out = context.failure() == null ? null : Outages.answer(context.failure()).orElse(null);
        if (out != null) {
            context.response().setStatusCode(503).putHeader(HttpHeaderNames.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON)
                    .putHeader(HttpHeaderNames.RETRY_AFTER, String.valueOf(out.retryAfter()))
                    .end(Json.encode(ProblemMapper.document(out)));
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
