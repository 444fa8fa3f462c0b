package io.datably.health;

import io.datably.provider.mongo.MongoProvider;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * MongoDB readiness, only when MongoDB is configured: an instance without it serves flat_table and jsonb and is
 * ready. (Quarkus' own Mongo check is off because it would probe a default localhost server.)
 */
@Readiness
@ApplicationScoped
public class MongoReadinessCheck implements AsyncHealthCheck {
    private static final String NAME = "MongoDB";
    private static final Logger LOG = Logger.getLogger(MongoReadinessCheck.class);
    private final MongoProvider mongo;

    public MongoReadinessCheck(MongoProvider mongo) {
        this.mongo = mongo;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (!mongo.configured()) {
            return Uni.createFrom().item(HealthCheckResponse.named(NAME).up().withData("configured", false).build());
        }
        return mongo.ping().ifNoItem().after(Duration.ofSeconds(3)).fail()
                .map(ok -> HealthCheckResponse.named(NAME).up().withData("configured", true).build())
                .onFailure().recoverWithItem(MongoReadinessCheck::down);
    }

    /**
     * The driver's message names servers, addresses and its own exception classes: logged, not published on the
     * (often unauthenticated) readiness endpoint.
     */
    static HealthCheckResponse down(Throwable failure) {
        LOG.warn("MongoDB readiness check failed", failure);
        return HealthCheckResponse.named(NAME).down().withData("error", "MongoDB did not answer a ping within 3 s; "
                + "see the service log").build();
    }
}
