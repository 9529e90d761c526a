package dev.actorkit;

import org.jspecify.annotations.Nullable;

/**
 * Carries thread context, such as the current trace, from the code that sends a message to the process
 * that handles it: set one with {@link SchedulerConfig#withContextPropagator(ContextPropagator)}. At a
 * send or call the runtime asks it to {@link #capture()} the sender's context; the receiver then
 * {@link #restore restores} that context around handling that message. Without a propagator messages
 * travel as they are and nothing is captured.
 *
 * <p>An annotation-driven process handles each message in its sender's context. A blocking-style
 * process is in the context of the message it received last, until its next {@code receive}.
 * Messages sent by timers, exit signals and monitors carry no context.
 *
 * <p>Thread-safety: implementations must be thread-safe; {@link #capture()} runs on senders' threads,
 * {@link #restore} on the receivers'.
 */
public interface ContextPropagator {

    /** The calling thread's context, or null when there is nothing to carry. */
    @Nullable Object capture();

    /**
     * Makes {@code context}, from {@link #capture()}, current on the calling thread until the scope
     * closes: the receiver's thread, as it starts handling the message.
     *
     * @param receiver    the process that handles the message
     * @param messageType the message's class (for a call, the request's)
     */
    ProcessObserver.Scope restore(Object context, ObservedProcess receiver, Class<?> messageType);
}
