package dev.actorkit;

import java.util.Objects;

/**
 * An error as the answer to a call: OTP's {@code {reply, {error, Reason}, State}}. The called process
 * answers with an error and goes on with the next message; it does not crash, and its supervisor does
 * not hear of it. The caller's {@link ProcessRef#call} throws this exception (an {@link ProcessRef#ask}
 * future completes with it), and {@link #reason()} is the value the process answered with: a record, an
 * enum, a string, whatever the protocol defines.
 *
 * <p>How a process answers with an error:
 * <ul>
 *   <li>a {@code @Receive} handler throws it: {@code throw new ErrorReplyException(new OutOfStock(item))}.
 *       Any {@code ErrorReplyException} that leaves the handler of a call answers that call, one thrown by
 *       a call the handler made too; other exceptions crash the process as before. (Thrown while handling a
 *       message that came by {@code send}, it has no caller to go to: the process crashes.)</li>
 *   <li>a handler that answers later through a {@link Reply} parameter: {@link Reply#replyError(Object)};</li>
 *   <li>a blocking-style process: {@link Call#replyError(Object)}.</li>
 * </ul>
 *
 * <p>As control flow, the exception a handler throws has no stack trace; the one the caller receives
 * has the caller's.
 *
 * <p>Immutable, thread-safe.
 */
public class ErrorReplyException extends ActorException {

    private final transient Object reason;

    /**
     * The error a handler throws to answer its call with {@code reason}.
     *
     * @param reason the error, not null
     */
    public ErrorReplyException(Object reason) {
        super("answered with an error: " + Objects.requireNonNull(reason, "reason must not be null"), false);
        this.reason = reason;
    }

    /**
     * The error a caller receives: {@code message} says which call it answered.
     *
     * @param message what was called, with what, and the error
     * @param reason  the error, not null
     */
    public ErrorReplyException(String message, Object reason) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason must not be null");
    }

    /** The error the called process answered with. */
    public Object reason() {
        return reason;
    }

    /** The {@link #reason()} if it is a {@code type}, to match errors by type without a cast. */
    public <T> java.util.Optional<T> reason(Class<T> type) {
        return type.isInstance(reason) ? java.util.Optional.of(type.cast(reason)) : java.util.Optional.empty();
    }
}
