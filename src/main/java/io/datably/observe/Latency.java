package io.datably.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/** Times a call to a dependency (the PDP, Redis) as {@code name} with an {@code outcome} of success or failure. */
public final class Latency {
    private Latency() {
    }

    public static <T> Uni<T> timed(MeterRegistry registry, String name, String call, Uni<T> work) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start(registry);
            return work.onItemOrFailure().invoke((item, failure) -> sample.stop(registry.timer(name,
                    "call", call, "outcome", failure == null ? "success" : "failure")));
        });
    }
}
