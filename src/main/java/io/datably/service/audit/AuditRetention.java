package io.datably.service.audit;

import io.datably.catalog.DataTableRepository;
import io.datably.config.AuditConfig;
import io.datably.service.ProviderRegistry;
import io.datably.tenant.Tenant;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Retention of the audit trail ({@code datably.audit.retention}): every {@code datably.audit.prune-every}, the
 * entries older than the retention are deleted from every tenant's stores. Entries are otherwise never changed or
 * deleted: the API only reads them.
 */
@ApplicationScoped
public class AuditRetention {
    private static final Logger LOG = Logger.getLogger(AuditRetention.class);

    private final AuditConfig config;
    private final DataTableRepository tables;
    private final ProviderRegistry providers;
    private final Vertx vertx;

    public AuditRetention(AuditConfig config, DataTableRepository tables, ProviderRegistry providers, Vertx vertx) {
        this.config = config;
        this.tables = tables;
        this.providers = providers;
        this.vertx = vertx;
    }

    void schedule(@Observes StartupEvent started) {
        config.retention().ifPresent(retention -> vertx.setPeriodic(config.pruneEvery().toMillis(), tick ->
                prune(null, Instant.now().minus(retention)).subscribe().with(
                        deleted -> LOG.debugf("Audit retention: %d entries older than %s deleted", deleted, retention),
                        failure -> LOG.warnf(failure, "Audit retention: pruning failed; it is tried again in %s",
                                config.pruneEvery()))));
    }

    /** Deletes the entries older than {@code cutoff} of {@code tenant} (null: every tenant); how many went. */
    public Uni<Long> prune(String tenant, Instant cutoff) {
        return onSafeContext(() -> pruneStores(tenant, cutoff));
    }

    /**
     * Runs {@code work} on a fresh duplicated Vert.x context marked safe: Hibernate Reactive's sessions need one, and a
     * timer or a caller outside a request has none.
     */
    private <T> Uni<T> onSafeContext(java.util.function.Supplier<Uni<T>> work) {
        io.vertx.core.Context context = VertxContext.getOrCreateDuplicatedContext(vertx.getDelegate());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return Uni.createFrom().emitter(emitter -> context.runOnContext(ignored -> work.get().subscribe()
                .with(emitter::complete, emitter::fail)));
    }

    private Uni<Long> pruneStores(String tenant, Instant cutoff) {
        return Panache.withSession(() -> tables.tenantsAndProviders(tenant)).onItem()
                .transformToMulti(stores -> Multi.createFrom().iterable(stores))
                .onItem().transformToUniAndConcatenate(store -> providers.of((String) store[1])
                        .pruneAudit(new Tenant((String) store[0]).storageNamespace(), cutoff)
                        .onFailure().recoverWithItem(failure -> {
                            LOG.warnf("Audit retention: the %s store of tenant %s could not be pruned: %s", store[1],
                                    store[0], failure.getMessage());
                            return 0L;
                        }))
                .collect().with(java.util.stream.Collectors.summingLong(Long::longValue));
    }
}
