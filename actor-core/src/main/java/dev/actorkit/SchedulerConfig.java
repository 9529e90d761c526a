package dev.actorkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link Scheduler} runs. Immutable; derive variants with the {@code with...} methods.
 *
 * @param parallelism     threads that run event-driven processes; {@code 0} means one per core
 * @param throughput      messages an event-driven process handles before it yields its thread
 * @param shutdownTimeout how long {@link Scheduler#close()} waits for processes that trap exits
 * @param callTimeout     the timeout of {@link ProcessRef#call(Object)} without an explicit one
 * @param slowHandlerThreshold how long one handler may hold a pool thread before it is reported as
 *                        blocking it (log and count), with the hint to use {@code @Process(blocking = true)}
 * @param observers       what watches the processes (metrics, logs), called in this order; empty for none
 * @param contextPropagator what carries thread context (a trace) from senders to the processes that
 *                        handle their messages; null for none
 * @param maxBlockingThreads the most threads the pool adds, beyond {@code parallelism}, to stand in for
 *                        workers whose handlers block in a runtime call ({@code call}, a full {@code BLOCK}
 *                        mailbox, a spawn waiting for {@code @Init}); past it, such a handler blocks its worker
 *                        without a stand-in (and a call may then time out), so a storm of blocking calls cannot
 *                        create hundreds of platform threads. {@code 0} adds none.
 */
public record SchedulerConfig(int parallelism, int throughput, Duration shutdownTimeout, Duration callTimeout,
                              Duration slowHandlerThreshold, List<ProcessObserver> observers,
                              @Nullable ContextPropagator contextPropagator, int maxBlockingThreads) {

    /** The default of {@link #maxBlockingThreads()}. */
    public static final int DEFAULT_MAX_BLOCKING_THREADS = 64;

    /** A configuration without observers or a context propagator. */
    public SchedulerConfig(int parallelism, int throughput, Duration shutdownTimeout, Duration callTimeout,
                           Duration slowHandlerThreshold) {
        this(parallelism, throughput, shutdownTimeout, callTimeout, slowHandlerThreshold, List.of(), null);
    }

    /** A configuration with the default {@link #maxBlockingThreads()}. */
    public SchedulerConfig(int parallelism, int throughput, Duration shutdownTimeout, Duration callTimeout,
                           Duration slowHandlerThreshold, List<ProcessObserver> observers,
                           @Nullable ContextPropagator contextPropagator) {
        this(parallelism, throughput, shutdownTimeout, callTimeout, slowHandlerThreshold, observers, contextPropagator,
                DEFAULT_MAX_BLOCKING_THREADS);
    }

    public SchedulerConfig {
        if (parallelism < 0) {
            throw new IllegalArgumentException("parallelism must be 0 (one thread per core) or positive, but was " + parallelism);
        }
        if (throughput < 1) {
            throw new IllegalArgumentException("throughput must be at least 1 message per activation, but was " + throughput);
        }
        if (maxBlockingThreads < 0 || maxBlockingThreads > 10_000) {
            throw new IllegalArgumentException("maxBlockingThreads must be between 0 and 10000 (extra pool threads for handlers"
                    + " that block in a call), but was " + maxBlockingThreads);
        }
        requirePositive(shutdownTimeout, "shutdownTimeout");
        requirePositive(callTimeout, "callTimeout");
        requirePositive(slowHandlerThreshold, "slowHandlerThreshold");
        Objects.requireNonNull(observers, "observers must not be null; use List.of() for none");
        observers = List.copyOf(observers); // also rejects a null element
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
        return new SchedulerConfig(parallelism, throughput, shutdownTimeout, callTimeout, slowHandlerThreshold, observers,
                contextPropagator, maxBlockingThreads);
    }

    public SchedulerConfig withThroughput(int throughput) {
        return new SchedulerConfig(parallelism, throughput, shutdownTimeout, callTimeout, slowHandlerThreshold, observers,
                contextPropagator, maxBlockingThreads);
    }

    public SchedulerConfig withShutdownTimeout(Duration shutdownTimeout) {
        return new SchedulerConfig(parallelism, throughput, shutdownTimeout, callTimeout, slowHandlerThreshold, observers,
                contextPropagator, maxBlockingThreads);
    }

    public SchedulerConfig withCallTimeout(Duration callTimeout) {
        return new SchedulerConfig(parallelism, throughput, shutdownTimeout, callTimeout, slowHandlerThreshold, observers,
                contextPropagator, maxBlockingThreads);
    }

    public SchedulerConfig withSlowHandlerThreshold(Duration slowHandlerThreshold) {
        return new SchedulerConfig(parallelism, throughput, shutdownTimeout, callTimeout, slowHandlerThreshold, observers,
                contextPropagator, maxBlockingThreads);
    }

    /** This configuration with {@code observer} added after the observers it has. */
    public SchedulerConfig withObserver(ProcessObserver observer) {
        Objects.requireNonNull(observer, "observer must not be null");
        List<ProcessObserver> more = new ArrayList<>(observers);
        more.add(observer);
        return new SchedulerConfig(parallelism, throughput, shutdownTimeout, callTimeout, slowHandlerThreshold, more,
                contextPropagator, maxBlockingThreads);
    }

    /** This configuration with {@code propagator} carrying context with messages (null: none). */
    public SchedulerConfig withContextPropagator(@Nullable ContextPropagator propagator) {
        return new SchedulerConfig(parallelism, throughput, shutdownTimeout, callTimeout, slowHandlerThreshold, observers,
                propagator, maxBlockingThreads);
    }

    /** This configuration with at most {@code maxBlockingThreads} stand-in threads for blocked handlers. */
    public SchedulerConfig withMaxBlockingThreads(int maxBlockingThreads) {
        return new SchedulerConfig(parallelism, throughput, shutdownTimeout, callTimeout, slowHandlerThreshold, observers,
                contextPropagator, maxBlockingThreads);
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, but was " + value);
        }
    }
}
