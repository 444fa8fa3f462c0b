package io.datably.observe;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Our own spans (README "Traces"), nested under the current one (the HTTP server span of the request). Tracing is off
 * unless an operator enables the OpenTelemetry SDK ({@code quarkus.otel.sdk.disabled=false}); off, every method runs
 * its work directly: no span, no attributes built, no extra Uni stage on the hot path.
 */
@ApplicationScoped
public class Spans {
    private final Tracer tracer;
    private final boolean enabled;

    public Spans(Tracer tracer, @ConfigProperty(name = "quarkus.otel.sdk.disabled") boolean sdkDisabled) {
        this.tracer = tracer;
        this.enabled = !sdkDisabled;
    }

    /** Synchronous work in a span {@code name}; a failure marks the span as an error and is rethrown. */
    public <T> T call(String name, Supplier<Attributes> attributes, Supplier<T> work) {
        if (!enabled) {
            return work.get();
        }
        Span span = tracer.spanBuilder(name).setAllAttributes(attributes.get()).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException | Error e) {
            failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * The Uni of {@code work} in a span {@code name} that ends when it completes, fails or is cancelled. The work is
     * built and subscribed to while the span is current, so spans its start opens (a Vert.x SQL client statement,
     * an HTTP client call) are its children; nothing it does later sees the span as current, so a scope never leaks
     * into the event loop.
     */
    public <T> Uni<T> around(String name, Supplier<Attributes> attributes, Supplier<Uni<T>> work) {
        if (!enabled) {
            return work.get();
        }
        return Uni.createFrom().emitter(emitter -> {
            Span span = tracer.spanBuilder(name).setAllAttributes(attributes.get()).startSpan();
            AtomicBoolean ended = new AtomicBoolean();
            try (Scope ignored = span.makeCurrent()) {
                var subscription = work.get().subscribe().with(item -> {
                    if (ended.compareAndSet(false, true)) {
                        span.end();
                    }
                    emitter.complete(item);
                }, failure -> {
                    if (ended.compareAndSet(false, true)) {
                        failed(span, failure);
                        span.end();
                    }
                    emitter.fail(failure);
                });
                emitter.onTermination(() -> {
                    // Cancelled by the subscriber (the client went away): the span ends, the work is cancelled.
                    if (ended.compareAndSet(false, true)) {
                        span.setAttribute("datably.cancelled", true);
                        span.end();
                        subscription.cancel();
                    }
                });
            } catch (RuntimeException | Error e) {
                if (ended.compareAndSet(false, true)) {
                    failed(span, e);
                    span.end();
                }
                emitter.fail(e);
            }
        });
    }

    /**
     * Only the failure's class goes on the span: messages can quote a caller's values (a rejected record's field,
     * a filter's operand), and traces must not carry tenant data.
     */
    private static void failed(Span span, Throwable failure) {
        span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        span.setAttribute("error.type", failure.getClass().getName());
    }
}
