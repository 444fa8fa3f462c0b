package io.datably.service;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Work whose cost a user controls (a schema's regex patterns over large values) runs on a worker thread, so one
 * tenant's request never holds the event loop that serves others; the chain then returns to the caller's Vert.x
 * context, where the rest of the request (store clients, the response) expects to run.
 */
public final class OffEventLoop {
    private OffEventLoop() {
    }

    /** {@code work}'s result, computed on a worker thread when {@code costly}, else right here. */
    public static <T> Uni<T> when(boolean costly, Supplier<T> work) {
        Uni<T> result = Uni.createFrom().item(work);
        if (!costly) {
            return result;
        }
        Context caller = Vertx.currentContext();
        Uni<T> offloaded = result.runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return caller == null ? offloaded : offloaded.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }
}
