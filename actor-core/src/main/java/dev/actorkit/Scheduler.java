package dev.actorkit;

import dev.actorkit.internal.Runtime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs processes: spawns them, names them, delivers timers and dead letters, and stops them all on
 * {@link #close()}. Thread-safe. Create one per application (the Spring Boot starter provides it as a
 * bean) and close it when done.
 *
 * <pre>{@code
 * try (Scheduler scheduler = Scheduler.create()) {
 *     ProcessRef<Object> echo = scheduler.spawn(ctx -> {
 *         while (true) {
 *             if (ctx.receive() instanceof Call call) call.reply(call.request());
 *         }
 *     });
 *     String answer = echo.call("hello");
 * }
 * }</pre>
 */
public interface Scheduler extends AutoCloseable {

    /** A scheduler with {@link SchedulerConfig#defaults()}. */
    static Scheduler create() {
        return create(SchedulerConfig.defaults());
    }

    /** A scheduler with the given configuration. */
    static Scheduler create(SchedulerConfig config) {
        return new Runtime(config);
    }

    /** This scheduler's configuration. */
    SchedulerConfig config();

    /**
     * Starts a blocking-style process on its own virtual thread. The body reads its mailbox with
     * {@link ProcessContext#receive()}; returning exits {@code NORMAL}, throwing exits {@code error(e)}.
     *
     * @throws SchedulerClosedException if this scheduler has been closed
     */
    ProcessRef<Object> spawn(ProcessBody body);

    /**
     * Starts an annotation-driven process: an instance of a {@link dev.actorkit.annotation.Process} class
     * from {@code factory}, whose {@code @Receive} methods handle its messages on the scheduler's pool.
     * The class is checked first (a clear {@link InvalidProcessClassException} if it breaks a rule). If
     * it has an {@code @Init} method, this waits until it has run.
     *
     * @throws ProcessStartException       if the factory or {@code @Init} threw
     * @throws SchedulerClosedException    if this scheduler has been closed
     */
    <T> ProcessRef<T> spawn(Supplier<? extends T> factory);

    /** {@link #spawn(Supplier)} with a bounded (or explicitly unbounded) mailbox. */
    <T> ProcessRef<T> spawn(Supplier<? extends T> factory, MailboxConfig mailbox);

    /** {@link #spawn(ProcessBody)} with a bounded (or explicitly unbounded) mailbox. */
    ProcessRef<Object> spawn(ProcessBody body, MailboxConfig mailbox);

    // ---- names ----

    /**
     * Registers {@code ref} under {@code name}, as Erlang's {@code register/2}.
     *
     * @throws NameTakenException           if another live process holds the name, or this process
     *                                      already has another name
     * @throws NoProcessException           if the process is not alive
     * @throws IllegalArgumentException     if the name is blank
     */
    void register(String name, ProcessRef<?> ref);

    /** The live process registered under {@code name}, if any. */
    Optional<ProcessRef<?>> whereis(String name);

    /**
     * Removes the name.
     *
     * @return {@code true} if the name was registered
     */
    boolean unregister(String name);

    /** The names registered now. */
    Set<String> registered();

    /**
     * Sends to the process registered under {@code name}.
     *
     * @throws NoProcessException if no live process has that name (as Erlang's {@code badarg})
     */
    void send(String name, Object message);

    // ---- signals and timers ----

    /**
     * Sends an exit signal to {@code target} with the semantics of {@link ProcessContext#exit(ProcessRef, ExitReason)};
     * the sender is the calling process, or {@link #systemRef()} when called from outside any process.
     */
    void exit(ProcessRef<?> target, ExitReason reason);

    /** Sends {@code message} to {@code target} after {@code delay}. */
    TimerRef sendAfter(ProcessRef<?> target, Object message, Duration delay);

    /** Cancels a timer; {@code true} if its message had not been sent yet and now never will be. */
    boolean cancelTimer(TimerRef timer);

    /**
     * The ref that stands for code outside any process (the sender of signals and calls made from
     * plain threads), like Erlang's {@code init}. It is alive while the scheduler is open; messages to
     * it become dead letters.
     */
    ProcessRef<Object> systemRef();

    // ---- introspection and dead letters ----

    /** The processes alive now, in pid order. */
    List<ProcessRef<?>> processes();

    /** A snapshot of a process, or empty if it is not alive. */
    Optional<ProcessInfo> info(ProcessRef<?> ref);

    /** Dead letters recorded so far. */
    long deadLetterCount();

    /**
     * Calls {@code listener} for every dead letter from now on, on the thread that produced it; keep it
     * fast. Closing the returned subscription removes the listener.
     */
    AutoCloseable onDeadLetter(Consumer<DeadLetter> listener);

    /** A snapshot of this scheduler's counters. */
    SchedulerStats stats();

    /** Whether {@link #close()} has been called. */
    boolean isClosed();

    /**
     * Stops every process: each receives an exit signal {@link ExitReason#SHUTDOWN}; those that trap
     * exits get {@link SchedulerConfig#shutdownTimeout()} to finish, then exit with {@code SHUTDOWN}
     * regardless. Afterwards {@code spawn} and {@code send} throw {@link SchedulerClosedException}.
     * Idempotent.
     */
    @Override
    void close();

    /** Like {@link #close()} with another deadline for trapping processes. */
    void close(Duration timeout);
}
