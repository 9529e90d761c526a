package dev.actorkit;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message that was not handled and not rejected at its sender: the record of it that dead-letter
 * listeners receive ({@link Scheduler#onDeadLetter}). Immutable.
 *
 * @param recipient the process it was sent to
 * @param message   the message itself
 * @param cause     why it was not handled
 * @param crash     for {@link Cause#CRASHED}: what the handler threw; otherwise null
 */
public record DeadLetter(ProcessRef<?> recipient, Object message, Cause cause, @Nullable Throwable crash) {

    public DeadLetter {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(cause, "cause");
    }

    /** A dead letter that carries no crash. */
    public DeadLetter(ProcessRef<?> recipient, Object message, Cause cause) {
        this(recipient, message, cause, null);
    }

    /** Why a message became a dead letter. */
    public enum Cause {
        /** The recipient was dead or gone when the message was sent. */
        NO_PROCESS,
        /** The recipient has no handler for the message's type. */
        UNHANDLED,
        /** The recipient's handler threw while handling it. */
        CRASHED,
        /** A bounded mailbox dropped it. */
        OVERFLOW,
        /** It was still in the recipient's mailbox when the recipient exited. */
        SHUTDOWN
    }
}
