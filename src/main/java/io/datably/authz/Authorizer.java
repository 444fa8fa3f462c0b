package io.datably.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.query.model.RowFilter;
import io.datably.security.Caller;
import io.datably.security.CallerContext;
import io.datably.tenant.TenantContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Every authorization decision of a request, asked of the Cerbos PDP for the request's caller in its tenant:
 * catalog actions ({@code CheckResources}), the row filter of an action on a table's records ({@code PlanResources},
 * translated by {@link PlanTranslator}), and writes of given records. A caller's decision on a scope and action is
 * reused for {@link AuthzConfig#decisionTtl()}, so a row filter costs a PDP round trip only now and then. With no
 * PDP configured (local mode's quick start) every action is allowed.
 */
@ApplicationScoped
public class Authorizer {
    private static final Logger LOG = Logger.getLogger(Authorizer.class);
    /** Claims that describe the token rather than the caller: left out, so decisions outlive a token refresh. */
    private static final Set<String> TOKEN_CLAIMS = Set.of("exp", "iat", "nbf", "jti", "auth_time", "sid",
            "session_state", "at_hash", "nonce");
    /** Cerbos needs a role; a caller whose token names none acts as this one, which no default policy grants. */
    static final String NO_ROLE = "none";

    private final AuthzConfig config;
    private final CerbosClient cerbos;
    private final CallerContext callers;
    private final TenantContext tenants;
    private final Cache<String, Object> decisions;
    private final Cache<Caller, Principal> principals;

    public Authorizer(AuthzConfig config, CerbosClient cerbos, CallerContext callers, TenantContext tenants) {
        this.config = config;
        this.cerbos = cerbos;
        this.callers = callers;
        this.tenants = tenants;
        this.decisions = Caffeine.newBuilder().expireAfterWrite(config.decisionTtl())
                .maximumSize(config.decisionCacheSize()).build();
        this.principals = Caffeine.newBuilder().weakKeys().maximumSize(config.decisionCacheSize()).build();
    }

    /** Whether a PDP decides requests; when not, every action is allowed. */
    public boolean enabled() {
        return config.cerbosUrl().isPresent();
    }

    /** The scope of catalog names below the request's tenant ({@code app, datasource, table}; any prefix). */
    public String scope(String... names) {
        String[] path = new String[names.length + 1];
        path[0] = tenants.tenant().id();
        System.arraycopy(names, 0, path, 1, names.length);
        return Scopes.of(path);
    }

    /** A catalog action, or 403: {@code kind} {@code id} (or {@code *} for a collection) in {@code scope}. */
    public Uni<Void> require(Kind kind, String action, String scope, String id) {
        if (!enabled()) {
            return Uni.createFrom().voidItem();
        }
        Caller caller = callers.caller();
        Principal principal = principal(caller);
        String key = "check|" + principal.text() + "|" + kind + "|" + action + "|" + scope + "|" + id;
        Boolean known = (Boolean) decisions.getIfPresent(key);
        Uni<Boolean> allowed = known != null ? Uni.createFrom().item(known)
                : cerbos.check(checkRequest(principal.json(), kind, action, scope, List.of(resource(kind, id, scope,
                        JsonNodeFactory.instance.objectNode())))).map(answer -> {
                            boolean allow = effects(answer, action).getOrDefault(id, false);
                            decisions.put(key, allow);
                            return allow;
                        });
        return allowed.map(allow -> {
            if (!allow) {
                throw forbidden(caller, action, kind.policyName() + (id.equals("*") ? "s" : " '" + id + "'"),
                        scope);
            }
            return null;
        });
    }

    /** The records of the table at {@code scope} that the caller may {@code action} ({@code read}, ...). */
    public Uni<RowFilter> rowFilter(String scope, String action) {
        if (!enabled()) {
            return Uni.createFrom().item(RowFilter.ALL);
        }
        Principal principal = principal(callers.caller());
        String key = "plan|" + principal.text() + "|" + action + "|" + scope;
        RowFilter known = (RowFilter) decisions.getIfPresent(key);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("requestId", "datably");
        request.put("action", action);
        request.set("principal", principal.json());
        ObjectNode resource = request.putObject("resource");
        resource.put("kind", Kind.RECORD.policyName());
        resource.put("scope", scope);
        resource.putObject("attr");
        return cerbos.plan(request).map(plan -> {
            RowFilter filter;
            try {
                filter = PlanTranslator.translate(plan);
            } catch (PlanTranslator.Untranslatable reason) {
                LOG.warnf("Records of '%s' are all denied to '%s' for %s: the policy's plan is not translated (%s)",
                        scope, callers.caller().id(), action, reason.getMessage());
                filter = RowFilter.NONE;
            }
            decisions.put(key, filter);
            return filter;
        });
    }

    /**
     * Writing {@code records} (as they would be stored) to the table at {@code scope}, or 403 naming the first that
     * is refused ({@code [i]} in a batch). A policy that allows the action on every record, or on none, decides
     * without a look at the records (its cached plan).
     */
    public Uni<Void> requireOnRecords(String scope, String action, List<ObjectNode> records) {
        return requireOnRecords(scope, action, records, i -> records.size() == 1 ? "this record" : "record [" + i + "]");
    }

    /**
     * Changing a record: allowed on it as stored and as it would be after the change, or 403 saying which is
     * refused, so nobody moves a record out of their own reach.
     */
    public Uni<Void> requireOnChange(String scope, ObjectNode stored, ObjectNode changed) {
        return requireOnRecords(scope, "update", List.of(stored, changed),
                i -> i == 0 ? "this record" : "this record as it would be changed");
    }

    private Uni<Void> requireOnRecords(String scope, String action, List<ObjectNode> records,
                                       java.util.function.IntFunction<String> name) {
        if (!enabled() || records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Caller caller = callers.caller();
        return rowFilter(scope, action).chain(filter -> {
            if (filter instanceof RowFilter.All) {
                return Uni.createFrom().voidItem();
            }
            if (filter instanceof RowFilter.None) {
                throw forbidden(caller, action, "records", scope);
            }
            ArrayNode resources = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < records.size(); i++) {
                resources.add(resource(Kind.RECORD, String.valueOf(i), scope, records.get(i)));
            }
            return cerbos.check(checkRequest(principal(caller).json(), Kind.RECORD, action, scope, resources))
                    .map(answer -> {
                        java.util.Map<String, Boolean> allowed = effects(answer, action);
                        for (int i = 0; i < records.size(); i++) {
                            if (!allowed.getOrDefault(String.valueOf(i), false)) {
                                throw forbidden(caller, action, name.apply(i), scope);
                            }
                        }
                        return null;
                    });
        });
    }

    /** The caller as Cerbos sees it, and that JSON's text: part of every decision's cache key. */
    private record Principal(ObjectNode json, String text) {
    }

    /**
     * The principal of a caller, made once per caller: a reused token brings the same {@link Caller} instance
     * (weak keys compare by identity), so a request that needs several decisions, and the requests after it, do not
     * copy and print its claims again.
     */
    private Principal principal(Caller caller) {
        return principals.get(caller, c -> {
            ObjectNode json = principalJson(c);
            return new Principal(json, json.toString());
        });
    }

    /** Subject, roles (sorted: one cache key per set), claims as attributes. Never changed once made. */
    private static ObjectNode principalJson(Caller caller) {
        ObjectNode principal = JsonNodeFactory.instance.objectNode();
        principal.put("id", caller.id());
        ArrayNode roles = principal.putArray("roles");
        new TreeSet<>(caller.roles().isEmpty() ? Set.of(NO_ROLE) : caller.roles()).forEach(roles::add);
        ObjectNode attributes = caller.attributes().deepCopy();
        attributes.remove(TOKEN_CLAIMS);
        principal.set("attr", attributes);
        return principal;
    }

    private static ObjectNode resource(Kind kind, String id, String scope, ObjectNode attributes) {
        ObjectNode resource = JsonNodeFactory.instance.objectNode();
        resource.put("kind", kind.policyName());
        resource.put("id", id);
        resource.put("scope", scope);
        resource.set("attr", attributes);
        return resource;
    }

    private static ObjectNode checkRequest(ObjectNode principal, Kind kind, String action, String scope,
                                           Iterable<? extends JsonNode> resources) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("requestId", "datably");
        request.set("principal", principal);
        ArrayNode entries = request.putArray("resources");
        for (JsonNode resource : resources) {
            ObjectNode entry = entries.addObject();
            entry.putArray("actions").add(action);
            entry.set("resource", resource);
        }
        return request;
    }

    /** Whether {@code action} is allowed, by resource id, in a {@code CheckResources} answer; missing: denied. */
    private static java.util.Map<String, Boolean> effects(JsonNode answer, String action) {
        java.util.Map<String, Boolean> allowed = new java.util.HashMap<>();
        answer.path("results").forEach(result -> allowed.put(result.path("resource").path("id").asText(),
                "EFFECT_ALLOW".equals(result.path("actions").path(action).asText())));
        return allowed;
    }

    private static DatablyException forbidden(Caller caller, String action, String what, String scope) {
        return new DatablyException(ErrorCode.FORBIDDEN, "The policies do not let '" + caller.id() + "' (roles "
                + new TreeSet<>(caller.roles()) + ") " + action + " " + what + " in '" + scope + "'");
    }
}
