package io.datably.health;

import io.datably.catalog.CatalogChangelog;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once the catalog is current: every changeset of the catalog's changelog applied. Where the instance
 * migrates at start (the default) that holds before it serves; where migrations run apart (Kubernetes: the Job of
 * k8s/base/migrate-job.yaml, the pods with DATABLY_CATALOG_MIGRATE_AT_START=false) a pod of a new release stays out
 * of the Service until the Job has run, instead of failing requests against an older catalog.
 */
@Readiness
@ApplicationScoped
public class CatalogReadinessCheck implements AsyncHealthCheck {
    private static final String NAME = "catalog";

    private final Pool pool;
    private final String sql;
    private final List<String> changesets;
    /** Once current, always current (a catalog is never migrated back): later checks cost nothing. */
    private volatile boolean current;

    @Inject
    public CatalogReadinessCheck(Pool pool, @ConfigProperty(name = "quarkus.liquibase.default-schema",
            defaultValue = "public") String catalogSchema) {
        this(pool, catalogSchema, CatalogChangelog.changesetIds());
    }

    /** A check for other changesets than this build's (tests: a catalog that lacks one). */
    CatalogReadinessCheck(Pool pool, String catalogSchema, List<String> changesets) {
        this.pool = pool;
        this.sql = CatalogChangelog.appliedSql(catalogSchema, "$1");
        this.changesets = List.copyOf(changesets);
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (current) {
            return Uni.createFrom().item(up());
        }
        return pool.preparedQuery(sql)
                .execute(Tuple.of(changesets.toArray(String[]::new)))
                .map(rows -> rows.iterator().next().getLong(0))
                .onFailure().recoverWithItem(0L) // no databasechangelog yet: nothing applied
                .map(applied -> {
                    if (applied == changesets.size()) {
                        current = true;
                        return up();
                    }
                    return HealthCheckResponse.named(NAME).down().withData("changesets", changesets.size())
                            .withData("applied", applied).withData("hint", "migrate the catalog (Liquibase at "
                                    + "start, or the migration Job of k8s/base/migrate-job.yaml)").build();
                });
    }

    private HealthCheckResponse up() {
        return HealthCheckResponse.named(NAME).up().withData("changesets", changesets.size()).build();
    }
}
