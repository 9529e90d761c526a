package dev.actorkit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A handle to a process: the only way to talk to it. Thread-safe; share it freely.
 *
 * <p>A ref from {@link Scheduler#spawn(ProcessBody)} addresses that one process incarnation, like an
 * Erlang pid. Two refs are equal when they address the same process.
 *
 * @param <T> the kind of process it addresses: the class of an annotation-driven process, or
 *            {@code Object} for a blocking-style process
 */
public interface ProcessRef<T> {

    /** The pid of the incarnation this ref addresses now. */
    Pid pid();

    /**
     * Puts a message in the process's mailbox. Never blocks and never fails because the process is
     * dead: a message to a dead process becomes a {@link DeadLetter} ({@link DeadLetter.Cause#NO_PROCESS}),
     * as in Erlang. Messages from one sender arrive in the order they were sent.
     *
     * @throws NullPointerException      if {@code message} is null
     * @throws SchedulerClosedException  if the process's scheduler has been closed
     */
    void send(Object message);

    /** True until the process has exited. Once false, it stays false. */
    boolean isAlive();

    /** Completes with the exit reason when the process exits; never completes exceptionally. */
    CompletableFuture<ExitReason> termination();

    /**
     * Sends {@code request} and waits for the reply, up to the scheduler's default call timeout
     * ({@link SchedulerConfig#callTimeout()}). A blocking-style process receives it as a {@link Call}.
     *
     * @param <R> the type of the reply
     * @return the reply ({@code null} if the process replied with {@code null})
     * @throws NoProcessException    the process was not alive
     * @throws ProcessExitException  the process exited before replying; carries its reason
     * @throws CallTimeoutException  no reply within the timeout; a later reply is discarded
     * @throws CallingSelfException  a process called itself, which could only time out
     */
    <R> R call(Object request);

    /** {@link #call(Object)} with an explicit timeout. */
    <R> R call(Object request, Duration timeout);

    /**
     * The asynchronous form of {@link #call(Object, Duration)}: the future completes with the reply or
     * exceptionally with one of the exceptions {@code call} throws.
     */
    <R> CompletableFuture<R> ask(Object request, Duration timeout);

    /**
     * A ref that stands for another one, such as a handle injected before the process it names has
     * started, or a proxy. The runtime's own operations that need one of its refs (link, monitor,
     * exit signals, timers, introspection, names) act on {@link #target()}.
     *
     * @param <T> the kind of process it addresses
     */
    interface Forwarding<T> extends ProcessRef<T> {

        /**
         * The ref this one stands for now.
         *
         * @throws NoProcessException if it stands for nothing yet
         */
        ProcessRef<T> target();
    }
}
