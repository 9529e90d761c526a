package dev.actorkit;

/** The base of ActorKit's exceptions. */
public class ActorException extends RuntimeException {

    public ActorException(String message) {
        super(message);
    }

    public ActorException(String message, Throwable cause) {
        super(message, cause);
    }
}
