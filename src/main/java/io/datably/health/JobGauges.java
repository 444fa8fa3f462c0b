package io.datably.health;

import io.datably.service.evolution.AdvisoryLocks;
import io.datably.service.transfer.ImportJobs;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Gauges of the work an instance runs in the background: import jobs, and datatable schema changes. */
@ApplicationScoped
public class JobGauges {
    void register(@Observes StartupEvent start, MeterRegistry registry, ImportJobs imports, AdvisoryLocks locks) {
        Gauge.builder("datably.import.jobs.unfinished", imports, ImportJobs::unfinished)
                .description("Import jobs of this instance queued or running").register(registry);
        Gauge.builder("datably.schema.changes.running", locks, AdvisoryLocks::changesRunning)
                .description("Datatable schema changes this instance runs now").register(registry);
    }
}
