package dev.actorkit;

import org.jspecify.annotations.Nullable;

/**
 * Watches a scheduler's processes, for metrics, logs and tracing, without tying the runtime to any
 * library: set one or more with {@link SchedulerConfig#withObserver(ProcessObserver)}. Every method has
 * an empty default; implement what you need. Without an observer the runtime does none of this work:
 * it reads no clock and allocates nothing per message.
 *
 * <pre>{@code
 * Scheduler scheduler = Scheduler.create(SchedulerConfig.defaults().withObserver(new ProcessObserver() {
 *     public void messageHandled(ObservedProcess process, Class<?> messageType, long nanos, boolean crashed) {
 *         System.out.println(process.label() + " handled " + messageType.getSimpleName() + " in " + nanos + " ns");
 *     }
 * }));
 * }</pre>
 *
 * <p>Thread-safety: implementations must be thread-safe. The runtime calls them inline from many
 * threads at once (a process's own events from the thread that runs it), so keep them short and never
 * block. An exception thrown by a callback is logged and does not affect the process.
 */
public interface ProcessObserver {

    /** A process was spawned; called on the spawning thread before the process handles anything. */
    default void processStarted(ObservedProcess process) {
    }

    /** A process exited, for whatever reason; called once, on the thread that ended it. */
    default void processExited(ObservedProcess process, ExitReason reason) {
    }

    /**
     * An event-driven process handled a message (for a call, the request). Called on the process's
     * thread right after the handler returned or threw.
     *
     * @param messageType the message's class
     * @param nanos       how long the handler ran
     * @param crashed     whether it threw, which ends the process with {@link ExitReason#error(Throwable)}
     */
    default void messageHandled(ObservedProcess process, Class<?> messageType, long nanos, boolean crashed) {
    }

    /**
     * A process crashed by its own fault: a handler, {@code @Init} or a process body threw. Called once
     * per crash, unlike {@link #processExited}, which also sees the processes a crash takes down through
     * links.
     *
     * @param messageType the class of the message being handled, or null if none was (a body or {@code @Init})
     */
    default void processCrashed(ObservedProcess process, @Nullable Class<?> messageType, Throwable failure) {
    }

    /** A message became a dead letter; called on the thread that recorded it. */
    default void deadLetter(DeadLetter letter) {
    }

    /**
     * A supervisor restarted one of its children; called on the supervisor's thread after the new
     * incarnation started.
     *
     * @param childId the child's id in the supervisor's spec ({@code "undefined"} for a dynamic supervisor's child)
     */
    default void childRestarted(ObservedProcess supervisor, String childId) {
    }

    /**
     * The process is about to handle messages on the calling thread: set up thread context (a logging
     * MDC, for example) and return a scope that clears it, or null for nothing to clear. An event-driven
     * process enters once per activation (a batch of up to {@link SchedulerConfig#throughput()}
     * messages); a blocking-style process once, when its thread starts, for its whole life.
     */
    default @Nullable Scope enter(ObservedProcess process) {
        return null;
    }

    /** Undoes what {@link #enter} set up; closed on the same thread. */
    @FunctionalInterface
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
