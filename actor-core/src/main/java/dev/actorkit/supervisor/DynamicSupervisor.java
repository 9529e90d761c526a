package dev.actorkit.supervisor;

import dev.actorkit.ExitReason;
import dev.actorkit.ProcessContext;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import java.util.List;

/**
 * A running dynamic supervisor: children are started at run time, each from its own spec, restarted
 * one-for-one, and stopped all at once (in parallel) when the supervisor stops. For per-entity
 * processes: one per order, user, bucket.
 *
 * <p>Thread-safe: the methods are calls to the supervisor process.
 */
public interface DynamicSupervisor {

    /** Starts a dynamic supervisor with no children. */
    static DynamicSupervisor start(Scheduler scheduler, DynamicSupervisorSpec spec) {
        return SupervisorClient.startDynamic(scheduler, spec, false);
    }

    /** Like {@link #start}, linked to the calling process. */
    static DynamicSupervisor startLink(DynamicSupervisorSpec spec) {
        return SupervisorClient.startDynamic(ProcessContext.current().scheduler(), spec, true);
    }

    /** A handle to a running dynamic supervisor, from its ref (e.g. a supervisor's {@code child(id)}). */
    static DynamicSupervisor of(ProcessRef<?> supervisor) {
        return SupervisorClient.of(supervisor);
    }

    /** The supervisor process. */
    ProcessRef<Object> ref();

    /**
     * Starts a child from {@code spec} (its id need not be unique here) and returns its stable ref.
     *
     * @throws SupervisorException {@code MAX_CHILDREN} when the cap is reached
     * @throws dev.actorkit.ProcessStartException if it failed to start
     */
    ProcessRef<Object> startChild(ChildSpec spec);

    /**
     * Stops the child (by its stable ref or its current incarnation) and forgets it.
     *
     * @throws SupervisorException {@code NOT_FOUND} if it is not a child
     */
    void terminateChild(ProcessRef<?> child);

    /** The children, in start order. */
    List<ChildInfo> whichChildren();

    ChildCounts countChildren();

    /**
     * Whether this supervisor gave up: a restart exceeded its intensity, so it stopped its children and
     * exited. Its exit reason is {@code SHUTDOWN} then, as after {@link #stop()} (as in OTP); this tells
     * the two apart. False while it runs. For a nested supervisor's stable ref, it is about the latest
     * incarnation.
     */
    boolean hasGivenUp();

    /** Stops all children in parallel, then the supervisor, with {@code SHUTDOWN}; waits for it. */
    default void stop() {
        stop(ExitReason.SHUTDOWN);
    }

    /** Stops all children in parallel, then the supervisor, with {@code reason}; waits for it. */
    void stop(ExitReason reason);
}
