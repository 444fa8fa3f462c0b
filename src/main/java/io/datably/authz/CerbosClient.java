package io.datably.authz;

import io.datably.observe.Latency;
import io.micrometer.core.instrument.MeterRegistry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.DatablyException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The Cerbos PDP's HTTP API ({@code /api/check/resources}, {@code /api/plan/resources}) over the Vert.x web client,
 * non-blocking on the event loop. There is no Cerbos Java SDK on our registry, and the two JSON calls need none.
 * Every failure (unreachable, timeout, an error status, an answer that is not JSON) becomes a 503: a request is never
 * allowed because the PDP could not be asked.
 */
@ApplicationScoped
public class CerbosClient {
    private static final Logger LOG = Logger.getLogger(CerbosClient.class);
    private static final int RETRY_AFTER_SECONDS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AuthzConfig config;
    private final WebClient client;
    private final MeterRegistry metrics;
    /** The PDP was failing: the next success is logged, so operators see the outage end. */
    private final AtomicBoolean failing = new AtomicBoolean();

    public CerbosClient(AuthzConfig config, Vertx vertx, MeterRegistry metrics) {
        this.config = config;
        this.metrics = metrics;
        this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setMaxPoolSize(32)
                .setConnectTimeout((int) config.timeout().toMillis()));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** {@code CheckResources}: the effect of each action on each resource. */
    public Uni<JsonNode> check(ObjectNode request) {
        return Latency.timed(metrics, "datably.authz.pdp", "check", post("/api/check/resources", request));
    }

    /** {@code PlanResources}: the condition under which an action is allowed on the resources of a kind. */
    public Uni<JsonNode> plan(ObjectNode request) {
        return Latency.timed(metrics, "datably.authz.pdp", "plan", post("/api/plan/resources", request));
    }

    private Uni<JsonNode> post(String path, ObjectNode request) {
        String base = config.cerbosUrl().orElseThrow(() -> new IllegalStateException("No Cerbos PDP configured"));
        return client.postAbs(base.replaceAll("/+$", "") + path).timeout(config.timeout().toMillis())
                .putHeader(HttpHeaders.CONTENT_TYPE.toString(), "application/json")
                .sendBuffer(Buffer.buffer(request.toString()))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + response.statusCode() + ": "
                                + abbreviate(response.bodyAsString()));
                    }
                    JsonNode answer = readJson(response.bodyAsString());
                    if (failing.compareAndSet(true, false)) {
                        LOG.info("The Cerbos PDP answers again");
                    }
                    return answer;
                })
                .onFailure(failure -> !(failure instanceof DatablyException)).transform(failure -> {
                    if (failing.compareAndSet(false, true)) {
                        LOG.errorf("The Cerbos PDP at %s cannot decide (%s); requests that need a decision are "
                                + "answered 503 until it can", base, failure.toString());
                    } else {
                        LOG.debugf("Cerbos PDP still failing: %s", failure);
                    }
                    return DatablyException.authorizationUnavailable("The authorization service cannot decide this "
                            + "request now; nothing was done. Try again shortly.", RETRY_AFTER_SECONDS);
                });
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the answer is not JSON: " + abbreviate(text), e);
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
