package dev.actorkit;

import dev.actorkit.internal.ProcessCell;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a process can do to itself and to others: receive, link, monitor, trap exits, exit, timers.
 *
 * <p>Not thread-safe: a context belongs to one process and may be used only by that process's own
 * code, on its own thread. Methods called from elsewhere throw {@link IllegalStateException}.
 *
 * <p>Once the process has exited (it was killed, or a linked process took it down), every method
 * throws {@link ProcessTerminatedException}: nothing the process does after its death is visible.
 */
public interface ProcessContext {

    /**
     * The context of the process running the calling code.
     *
     * @throws NotInProcessException if the caller is not running inside a process
     */
    static ProcessContext current() {
        return ProcessCell.currentContext();
    }

    /** This process. */
    ProcessRef<Object> self();

    /** The scheduler this process runs on. */
    Scheduler scheduler();

    // ---- receiving (blocking-style processes only) ----

    /** Waits as long as it takes for the next message and takes it out of the mailbox. */
    Object receive();

    /**
     * Takes the next message, waiting at most {@code timeout}.
     *
     * @return the message, or empty if none arrived in time: Erlang's {@code after} clause.
     *         {@link Duration#ZERO} only looks at what is already there.
     */
    Optional<Object> receive(Duration timeout);

    /**
     * Selective receive: takes the oldest message of this type, waiting at most {@code timeout}.
     * Messages of other types stay in the mailbox, in their order, for a later receive.
     */
    <M> Optional<M> receive(Class<M> type, Duration timeout);

    /**
     * Selective receive: takes the oldest message the matcher accepts, waiting at most {@code timeout}.
     * Other messages stay in the mailbox, in their order, for a later receive.
     */
    Optional<Object> receive(Predicate<Object> matcher, Duration timeout);

    /** Takes every message now in the mailbox, without waiting, and returns them oldest first. */
    List<Object> flush();

    /** Messages now waiting in the mailbox. */
    int mailboxSize();

    // ---- other processes ----

    /** Spawns a blocking-style process linked to this one; the link exists before the child runs. */
    ProcessRef<Object> spawnLink(ProcessBody body);

    /**
     * Spawns an annotation-driven process linked to this one; the link exists before the child runs.
     * Waits for its {@code @Init}, like {@link Scheduler#spawn(java.util.function.Supplier)}.
     */
    <T> ProcessRef<T> spawnLink(java.util.function.Supplier<? extends T> factory);

    /**
     * Links this process to {@code other} (a no-op for self or an existing link). If {@code other} is
     * already dead, a process that traps exits receives {@code Exit(other, NOPROC)}; one that does not
     * exits with {@link ExitReason#NOPROC}.
     */
    void link(ProcessRef<?> other);

    /** Removes the link to {@code other}, if any; afterwards the link has no effect on this process. */
    void unlink(ProcessRef<?> other);

    /**
     * Monitors {@code other}: when it exits, this process receives one {@link Down}. A dead process
     * yields {@code Down(ref, other, NOPROC)} at once.
     */
    MonitorRef monitor(ProcessRef<?> other);

    /**
     * Turns the monitor off. A {@code Down} already in the mailbox stays there.
     *
     * @return {@code true} if the monitor was active, {@code false} if it had fired or was unknown
     */
    boolean demonitor(MonitorRef ref);

    /**
     * Turns the monitor off; with {@code flush}, also removes its {@code Down} from the mailbox, so that
     * no {@code Down} for this monitor is ever received afterwards.
     */
    boolean demonitor(MonitorRef ref, boolean flush);

    /**
     * Sets whether exit signals from links arrive as {@link Exit} messages instead of killing this
     * process ({@code process_flag(trap_exit, ...)}).
     *
     * @return the previous setting
     */
    boolean trapExits(boolean trap);

    /** Whether this process traps exits. */
    boolean isTrappingExits();

    /**
     * Exits this process with {@code reason}, whether or not it traps exits. Never returns: it throws
     * {@link ProcessTerminatedException} to unwind the process's code.
     */
    void exit(ExitReason reason);

    /**
     * Sends an exit signal to {@code target}, as Erlang's {@code exit/2}: {@link ExitReason#KILL} kills
     * it ({@code KILLED}) even if it traps exits; a trapping target receives {@code Exit(self, reason)};
     * otherwise {@code NORMAL} is ignored (unless the target is this process, which then exits) and any
     * other reason makes the target exit with it.
     */
    void exit(ProcessRef<?> target, ExitReason reason);

    // ---- timers ----

    /** Sends {@code message} to this process after {@code delay}. */
    TimerRef sendAfter(Object message, Duration delay);

    /** Sends {@code message} to {@code target} after {@code delay}. */
    TimerRef sendAfter(ProcessRef<?> target, Object message, Duration delay);

    /**
     * Cancels a timer.
     *
     * @return {@code true} if its message had not been sent yet and now never will be
     */
    boolean cancelTimer(TimerRef timer);
}
