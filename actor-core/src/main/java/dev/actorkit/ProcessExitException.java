package dev.actorkit;

/** The called process exited before it replied; {@link #reason()} says why. */
public class ProcessExitException extends ActorException {

    private final transient ExitReason reason;

    public ProcessExitException(String message, ExitReason reason) {
        super(message, reason instanceof ExitReason.Error error ? error.cause() : null);
        this.reason = reason;
    }

    /** The exit reason of the called process. */
    public ExitReason reason() {
        return reason;
    }
}
