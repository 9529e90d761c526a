package dev.actorkit.supervisor;

import dev.actorkit.ExitReason;
import dev.actorkit.ProcessContext;
import dev.actorkit.ProcessRef;
import dev.actorkit.ProcessStartException;
import dev.actorkit.Scheduler;
import java.util.List;
import java.util.Optional;

/**
 * A running supervisor (OTP's {@code supervisor}): it starts its children in order, restarts them by
 * its {@link Strategy} and their {@link Restart} type, gives up when restarts exceed its intensity, and
 * stops them in reverse order. Children that crash are restarted; their {@link #child(String) stable
 * refs} keep working across restarts, and messages sent meanwhile wait for the next incarnation.
 *
 * <p>Thread-safe: the administration methods are calls to the supervisor process, from any thread or
 * process (not from the supervisor's own children during a restart of theirs, which would deadlock, as
 * in OTP).
 */
public interface Supervisor {

    /**
     * Starts a supervisor and its children; returns once all have started.
     *
     * @throws ProcessStartException if a child failed to start: the children started before it are
     *                               stopped again, and the supervisor exits
     */
    static Supervisor start(Scheduler scheduler, SupervisorSpec spec) {
        return SupervisorClient.start(scheduler, spec, false);
    }

    /**
     * Like {@link #start} from inside a process, linked to it: the supervisor stops (after its children)
     * when that process exits, as with {@code supervisor:start_link}.
     */
    static Supervisor startLink(SupervisorSpec spec) {
        return SupervisorClient.start(ProcessContext.current().scheduler(), spec, true);
    }

    /**
     * A handle to a running supervisor, from its ref: for a nested supervisor, whose ref is its parent's
     * {@code child(id)} (OTP's {@code supervisor:which_children(Pid)} and friends).
     */
    static Supervisor of(ProcessRef<?> supervisor) {
        return SupervisorClient.of(supervisor);
    }

    /** The supervisor process. */
    ProcessRef<Object> ref();

    /** The stable ref of the child with this id, if there is one. */
    <T> Optional<ProcessRef<T>> child(String id);

    /**
     * Adds a child at the end and starts it.
     *
     * @throws SupervisorException {@code ALREADY_STARTED} or {@code ALREADY_PRESENT} for a known id
     * @throws ProcessStartException if it failed to start (it is not added)
     */
    ProcessRef<Object> startChild(ChildSpec spec);

    /**
     * Stops the child and keeps its spec (a temporary child's spec is removed). Idempotent.
     *
     * @throws SupervisorException {@code NOT_FOUND} if there is no child with that id
     */
    void terminateChild(String id);

    /**
     * Starts a stopped child again.
     *
     * @throws SupervisorException {@code RUNNING}, {@code RESTARTING} or {@code NOT_FOUND}
     */
    ProcessRef<Object> restartChild(String id);

    /**
     * Removes a stopped child's spec.
     *
     * @throws SupervisorException {@code RUNNING}, {@code RESTARTING} or {@code NOT_FOUND}
     */
    void deleteChild(String id);

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

    /** Stops the children in reverse order, then the supervisor, with {@code SHUTDOWN}; waits for it. */
    default void stop() {
        stop(ExitReason.SHUTDOWN);
    }

    /** Stops the children in reverse order, then the supervisor, with {@code reason}; waits for it. */
    void stop(ExitReason reason);
}
