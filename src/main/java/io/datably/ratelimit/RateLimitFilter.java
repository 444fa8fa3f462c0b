package io.datably.ratelimit;

import io.datably.error.ErrorCode;
import io.datably.error.ProblemMapper;
import io.datably.security.Caller;
import io.datably.security.CallerContext;
import io.datably.tenant.TenantContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Rate limits of {@code /api} requests, with {@code RateLimit-Limit}, {@code RateLimit-Remaining},
 * {@code RateLimit-Reset} and {@code RateLimit-Policy} (IETF draft-ietf-httpapi-ratelimit-headers-06) on every answer,
 * and 429 DS109 with {@code Retry-After} past the limit.
 *
 * <p>The check runs right after {@code security.Authentication}, which found the principal the buckets belong to,
 * and before any authorization or resource: a caller past its limit costs no policy decision and no store. A request
 * that never gets there (a missing or refused token, a tenant mismatch: answered by Authentication; a route no method
 * serves) has no principal: it is counted by client address, with the default limits, when its answer is written; past
 * the limit that answer becomes the 429. When limits are off nothing is counted and no header is added.
 */
public class RateLimitFilter {
    /** The request property holding what its check decided. */
    private static final String TAKEN = RateLimitFilter.class.getName();
    /** The POSTs that only read: a table's records by a long filter, its aggregates. */
    private static final Pattern READING_POST = Pattern.compile("/api/apps/[^/]+/datasources/[^/]+/datatables/[^/]+"
            + "/records/(query|aggregate)/?");

    private final LimitPolicy policy;
    private final RateLimiter limiter;
    private final CallerContext callers;
    private final TenantContext tenants;
    private final String prefix;

    public RateLimitFilter(LimitPolicy policy, RateLimiter limiter, CallerContext callers, TenantContext tenants,
                           RateLimitConfig config) {
        this.policy = policy;
        this.limiter = limiter;
        this.callers = callers;
        this.tenants = tenants;
        this.prefix = config.keyPrefix();
    }

    /** What a check decided, and for which limits and kind of request (the headers say both). */
    private record Taken(Decision decision, Limits limits, boolean write, String who) {
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 1)
    public Uni<Response> limit(ContainerRequestContext request, HttpServerRequest http) {
        if (!policy.enabled() || !limited(request)) {
            return Uni.createFrom().nullItem();
        }
        Caller caller = callers.caller(); // Authentication let the request through: it found the caller and tenant
        String tenant = tenants.tenant().id();
        boolean write = write(request);
        Limits limits = policy.limits(tenant, caller.roles());
        // A token without a subject (nor a name) is no principal: its address stands for it.
        String who = caller.id() == null ? "requests without a subject from " + address(http)
                : "caller '" + caller.id() + "' of tenant '" + tenant + "'";
        BucketKeys keys = caller.id() == null ? BucketKeys.address(prefix, address(http))
                : BucketKeys.principal(prefix, tenant, caller.id());
        return limiter.take(keys, limits, write).map(decision -> {
            Taken taken = new Taken(decision, limits, write, who);
            request.setProperty(TAKEN, taken);
            return decision.allowed() ? null : tooMany(taken);
        });
    }

    @ServerResponseFilter
    public Uni<Void> headers(ContainerRequestContext request, ContainerResponseContext response,
                             HttpServerRequest http) {
        if (!policy.enabled() || !limited(request)) {
            return Uni.createFrom().voidItem();
        }
        if (request.getProperty(TAKEN) instanceof Taken taken) {
            headers(response.getHeaders(), taken);
            return Uni.createFrom().voidItem();
        }
        String address = address(http);
        boolean write = write(request);
        Limits limits = policy.defaults();
        return limiter.take(BucketKeys.address(prefix, address), limits, write).invoke(decision -> {
            Taken taken = new Taken(decision, limits, write, "requests without a caller from " + address);
            if (!decision.allowed()) {
                Response refused = tooMany(taken);
                response.setStatus(refused.getStatus());
                response.setEntity(refused.getEntity(), new Annotation[0], refused.getMediaType());
                response.getHeaders().remove(HttpHeaders.WWW_AUTHENTICATE);
                response.getHeaders().remove("Allow");
                response.getHeaders().putAll(refused.getHeaders());
            }
            headers(response.getHeaders(), taken);
        }).replaceWithVoid();
    }

    private static void headers(MultivaluedMap<String, Object> headers, Taken taken) {
        Decision decision = taken.decision();
        headers.putSingle("RateLimit-Limit", decision.limit());
        headers.putSingle("RateLimit-Remaining", decision.remaining());
        headers.putSingle("RateLimit-Reset", decision.resetSeconds());
        headers.putSingle("RateLimit-Policy", taken.limits().policy(taken.write()));
    }

    private static Response tooMany(Taken taken) {
        Decision decision = taken.decision();
        Limits limits = taken.limits();
        String rate = limits.rate();
        String detail = decision.bucket() == Decision.WRITES
                ? "Write burst reached for " + taken.who() + ": " + limits.writeBurst() + " writes at once (then "
                        + rate + ")"
                : "Rate limit reached for " + taken.who() + ": " + rate;
        Response problem = ProblemMapper.problem(ErrorCode.RATE_LIMITED, detail + "; send again in "
                + decision.retryAfterSeconds() + " s", List.of());
        return Response.fromResponse(problem).type(MediaType.valueOf(ProblemMapper.PROBLEM_JSON))
                .header("Retry-After", decision.retryAfterSeconds()).build();
    }

    /** Only the API is limited; health and OpenAPI ({@code /q/*}) never are. */
    private static boolean limited(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        return path.equals("/api") || path.startsWith("/api/");
    }

    /** POST, PUT, PATCH and DELETE, except the POSTs that only read ({@code records/query/}, {@code aggregate/}). */
    static boolean write(ContainerRequestContext request) {
        return switch (request.getMethod()) {
            case "PUT", "PATCH", "DELETE" -> true;
            case "POST" -> !READING_POST.matcher(request.getUriInfo().getPath()).matches();
            default -> false;
        };
    }

    /**
     * The client's address: the peer's, or the one a trusted proxy forwarded when
     * {@code quarkus.http.proxy.proxy-address-forwarding} is on.
     */
    private static String address(HttpServerRequest http) {
        SocketAddress remote = http.remoteAddress();
        return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    }
}
