package io.datably.security;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.datably.config.DatablyConfig;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemMapper;
import io.datably.tenant.Tenant;
import io.datably.tenant.TenantContext;
import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Who calls, and for which tenant, before any resource runs. Local mode: {@link Caller#LOCAL}, the tenant from
 * {@code X-Tenant} (when enabled) or the default. Enforced mode: a valid bearer token of a configured issuer (else
 * 401 with {@code WWW-Authenticate: Bearer}), its subject, roles and claims, and the tenant it belongs to
 * ({@link TokenTenant}; else 403).
 */
public class Authentication {
    public static final String TENANT_HEADER = "X-Tenant";
    /** The attribute Quarkus OIDC gives an identity: which OIDC tenant (issuer) verified the token. */
    private static final String OIDC_TENANT = "tenant-id";
    private static final Logger LOG = Logger.getLogger(Authentication.class);

    private final SecurityMode mode;
    private final DatablyConfig config;
    private final TenantContext tenant;
    private final CallerContext caller;
    private final CurrentIdentityAssociation identities;
    private final TokenTenant tokenTenant;
    /**
     * Who a bearer token was found to be, for the same token, host and {@code X-Tenant}: checking a signature and
     * parsing claims is most of what a read by key costs, and a token says the same until it expires.
     */
    private final Cache<String, Verified> verified;

    /** A token's outcome, good until {@code until} (epoch seconds): its expiry, or sooner. */
    private record Verified(Tenant tenant, Caller caller, long until) {
    }

    public Authentication(SecurityMode mode, DatablyConfig config, TenantContext tenant, CallerContext caller,
                          CurrentIdentityAssociation identities) {
        this.mode = mode;
        this.config = config;
        this.tenant = tenant;
        this.caller = caller;
        this.identities = identities;
        this.tokenTenant = new TokenTenant(config.tenant());
        this.verified = Caffeine.newBuilder().maximumSize(10_000).build();
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Response> authenticate(ContainerRequestContext request) {
        String header = request.getHeaderString(TENANT_HEADER);
        if (!mode.enforced()) {
            boolean fromHeader = config.tenant().headerEnabled() && header != null && !header.isBlank();
            tenant.set(new Tenant(fromHeader ? header.trim() : config.tenant().defaultTenant()));
            caller.set(Caller.LOCAL);
            return Uni.createFrom().nullItem();
        }
        String key = request.getHeaderString(HttpHeaders.AUTHORIZATION) + '\n' + host(request) + '\n' + header;
        Verified known = verified.getIfPresent(key);
        if (known != null && known.until() > System.currentTimeMillis() / 1000) {
            tenant.set(known.tenant());
            caller.set(known.caller());
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity().map(identity -> {
            // A bearer token only: never an identity of a sign-in's session cookie (the console's code flow).
            if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)
                    || identity.getCredential(IdTokenCredential.class) != null) {
                return unauthenticated("A bearer token is required (Authorization: Bearer <token>)", null);
            }
            ObjectNode claims = Claims.of(token.getRawToken());
            String issuerTenant = issuerTenant(identity);
            Tenant resolved = tokenTenant.resolve(claims, host(request), issuerTenant, header);
            if (mode.tenantsWithOwnIssuer().contains(resolved.id()) && !resolved.id().equals(issuerTenant)) {
                return unauthenticated("Tenant '" + resolved.id() + "' has an identity provider of its own (OIDC "
                        + "tenant '" + resolved.id() + "'), which did not issue this token", "invalid_token");
            }
            tenant.set(resolved);
            Caller who = new Caller(token.getSubject() == null ? token.getName() : token.getSubject(),
                    Claims.roles(claims, config.security().roleClaims()), claims);
            caller.set(who);
            long reuse = config.security().verifiedTokenReuse().toSeconds();
            if (reuse > 0 && token.getExpirationTime() > 0) {
                verified.put(key, new Verified(resolved, who, Math.min(token.getExpirationTime(),
                        System.currentTimeMillis() / 1000 + reuse)));
            }
            // What the token resolved to, for operators checking an identity provider's mappers (no token contents).
            LOG.debugf("Caller '%s' of tenant '%s' with roles %s", who.id(), resolved.id(), who.roles());
            return (Response) null;
        }).onFailure(AuthenticationFailedException.class).recoverWithItem(failure -> unauthenticated(
                "The bearer token is not valid here (its signature, issuer, audience or lifetime was refused)",
                "invalid_token"));
    }

    private static String issuerTenant(SecurityIdentity identity) {
        Object id = identity.getAttribute(OIDC_TENANT);
        return id == null || "Default".equals(id) ? null : id.toString();
    }

    private static String host(ContainerRequestContext request) {
        return TokenTenant.hostName(request.getHeaderString(HttpHeaders.HOST));
    }

    /** 401 with {@code WWW-Authenticate} (RFC 6750), as problem+json. */
    private static Response unauthenticated(String detail, String error) {
        Response problem = ProblemMapper.problem(ErrorCode.UNAUTHENTICATED, detail, List.of());
        return Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, error == null ? "Bearer"
                : "Bearer error=\"" + error + "\"").build();
    }
}
