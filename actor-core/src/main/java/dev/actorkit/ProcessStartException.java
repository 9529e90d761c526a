package dev.actorkit;

/** A process failed to start: its factory or its {@code @Init} method threw. */
public class ProcessStartException extends ActorException {

    public ProcessStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
