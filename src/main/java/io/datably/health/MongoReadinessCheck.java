package io.datably.health;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.Optional;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * MongoDB readiness, only when MongoDB is configured: an instance without it serves flat_table and jsonb and is
 * ready. (Quarkus' own Mongo check is off because it would probe a default localhost server.)
 */
@Readiness
@ApplicationScoped
public class MongoReadinessCheck implements AsyncHealthCheck {
    private static final String NAME = "MongoDB";
    private final Optional<String> connectionString;
    private final Instance<ReactiveMongoClient> client;

    public MongoReadinessCheck(@ConfigProperty(name = "quarkus.mongodb.connection-string") Optional<String> connectionString,
                               Instance<ReactiveMongoClient> client) {
        this.connectionString = connectionString;
        this.client = client;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (connectionString.isEmpty()) {
            return Uni.createFrom().item(HealthCheckResponse.named(NAME).up().withData("configured", false).build());
        }
        return client.get().getDatabase("admin").runCommand(new Document("ping", 1))
                .ifNoItem().after(Duration.ofSeconds(3)).fail()
                .map(ok -> HealthCheckResponse.named(NAME).up().withData("configured", true).build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named(NAME).down()
                        .withData("error", String.valueOf(e.getMessage())).build());
    }
}
