package dev.actorkit;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Scheduler} runs. Immutable; derive variants with the {@code with...} methods.
 *
 * @param parallelism     threads that run event-driven processes; {@code 0} means one per core
 * @param throughput      messages an event-driven process handles before it yields its thread
 * @param shutdownTimeout how long {@link Scheduler#close()} waits for processes that trap exits
 * @param callTimeout     the timeout of {@link ProcessRef#call(Object)} without an explicit one
 * @param slowHandlerThreshold how long one handler may hold a pool thread before it is reported as
 *                        blocking it (log and count), with the hint to use {@code @Process(blocking = true)}
 */
public record SchedulerConfig(int parallelism, int throughput, Duration shutdownTimeout, Duration callTimeout,
                              Duration slowHandlerThreshold) {

    public SchedulerConfig {
        if (parallelism < 0) {
            throw new IllegalArgumentException("parallelism must be 0 (one thread per core) or positive, but was " + parallelism);
        }
        if (throughput < 1) {
            throw new IllegalArgumentException("throughput must be at least 1 message per activation, but was " + throughput);
        }
        requirePositive(shutdownTimeout, "shutdownTimeout");
        requirePositive(callTimeout, "callTimeout");
        requirePositive(slowHandlerThreshold, "slowHandlerThreshold");
    }

    /** One thread per core, throughput 64, shutdown timeout 5 s, call timeout 5 s, slow handlers reported after 1 s. */
    public static SchedulerConfig defaults() {
        return new SchedulerConfig(0, 64, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(1));
    }

    /** The effective number of threads: {@link #parallelism()}, or the number of cores when it is 0. */
    public int effectiveParallelism() {
        return parallelism == 0 ? java.lang.Runtime.getRuntime().availableProcessors() : parallelism;
    }

    public SchedulerConfig withParallelism(int parallelism) {
        return new SchedulerConfig(parallelism, throughput, shutdownTimeout, callTimeout, slowHandlerThreshold);
    }

    public SchedulerConfig withThroughput(int throughput) {
        return new SchedulerConfig(parallelism, throughput, shutdownTimeout, callTimeout, slowHandlerThreshold);
    }

    public SchedulerConfig withShutdownTimeout(Duration shutdownTimeout) {
        return new SchedulerConfig(parallelism, throughput, shutdownTimeout, callTimeout, slowHandlerThreshold);
    }

    public SchedulerConfig withCallTimeout(Duration callTimeout) {
        return new SchedulerConfig(parallelism, throughput, shutdownTimeout, callTimeout, slowHandlerThreshold);
    }

    public SchedulerConfig withSlowHandlerThreshold(Duration slowHandlerThreshold) {
        return new SchedulerConfig(parallelism, throughput, shutdownTimeout, callTimeout, slowHandlerThreshold);
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, but was " + value);
        }
    }
}
