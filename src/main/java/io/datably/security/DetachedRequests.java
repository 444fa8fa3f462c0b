package io.datably.security;

import io.datably.tenant.Tenant;
import io.datably.tenant.TenantContext;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Work that outlives its request (an import job answered 202) on a Vert.x context of its own, with a request context
 * of its own that holds the request's tenant and caller: the stores, the catalog session and the authorization
 * decisions of that work see who asked, as the request did, after the request's own context has ended.
 */
@ApplicationScoped
public class DetachedRequests {
    private final TenantContext tenants;
    private final CallerContext callers;
    private final Vertx vertx;

    public DetachedRequests(TenantContext tenants, CallerContext callers, Vertx vertx) {
        this.tenants = tenants;
        this.callers = callers;
        this.vertx = vertx;
    }

    /** The current request's tenant and caller, kept for work that starts later. Called within the request. */
    public Detached detach() {
        Tenant tenant = tenants.tenant();
        Caller caller = callers.caller();
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        return new Detached(context, tenant, caller);
    }

    /** A duplicated Vert.x context whose request context is active from {@link #start} to {@link #end}. */
    public final class Detached {
        private final Context context;
        private final Tenant tenant;
        private final Caller caller;

        private Detached(Context context, Tenant tenant, Caller caller) {
            this.context = context;
            this.tenant = tenant;
            this.caller = caller;
        }

        public Context context() {
            return context;
        }

        /**
         * Activates the request context on the detached Vert.x context (ArC keeps it in the context's local data, so
         * it stays active for every later task on that context), sets the tenant and caller, then runs {@code work}.
         */
        public void start(Runnable work) {
            context.runOnContext(ignored -> {
                ManagedContext requests = Arc.container().requestContext();
                requests.activate();
                tenants.set(tenant);
                callers.set(caller);
                work.run();
            });
        }

        /** Ends the request context (its beans are destroyed). */
        public void end() {
            context.runOnContext(ignored -> {
                ManagedContext requests = Arc.container().requestContext();
                if (requests.isActive()) {
                    requests.terminate();
                }
            });
        }
    }
}
