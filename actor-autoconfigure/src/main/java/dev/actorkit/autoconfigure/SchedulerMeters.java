package dev.actorkit.autoconfigure;

import dev.actorkit.ProcessInfo;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.SchedulerStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Gauges read from the scheduler when the registry asks: {@code actor.processes} (alive now), the
 * pool's {@code actor.scheduler.parallelism}, {@code actor.scheduler.active} and
 * {@code actor.scheduler.queued}, the {@code actor.handlers.slow} count, and
 * {@code actor.mailbox.size} for each process of the supervision tree (tag {@code process}).
 *
 * <p>Concurrency: the gauges read thread-safe snapshots ({@link Scheduler#stats()},
 * {@link Scheduler#info}) on the registry's thread.
 */
final class SchedulerMeters {

    private final Scheduler scheduler;
    private final @Nullable ProcessTree tree;

    SchedulerMeters(Scheduler scheduler, @Nullable ProcessTree tree) {
        this.scheduler = scheduler;
        this.tree = tree;
    }

    /** Registers the gauges with {@code registry}. */
    void bindTo(MeterRegistry registry) {
        gauge(registry, "actor.processes", "Processes alive now", SchedulerStats::liveProcesses);
        gauge(registry, "actor.scheduler.parallelism", "Threads the scheduler's pool aims for", SchedulerStats::poolParallelism);
        gauge(registry, "actor.scheduler.active", "Pool threads running processes now", SchedulerStats::poolActiveThreads);
        gauge(registry, "actor.scheduler.queued", "Process activations waiting for a pool thread", SchedulerStats::poolQueued);
        FunctionCounter.builder("actor.handlers.slow", scheduler, s -> s.stats().slowHandlers())
                .description("Handlers reported for holding a pool thread longer than actor.scheduler.slow-handler-threshold")
                .register(registry);
        if (tree != null) {
            tree.plan().processes().forEach(process -> {
                ProcessRef<Object> ref = tree.ref(process.name());
                Gauge.builder("actor.mailbox.size", scheduler, s -> s.info(ref).map(ProcessInfo::mailboxSize).orElse(0))
                        .description("Messages waiting in the process's mailbox").tag("process", process.name())
                        .register(registry);
            });
        }
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<SchedulerStats> value) {
        Gauge.builder(name, scheduler, s -> value.applyAsDouble(s.stats())).description(description).register(registry);
    }
}
