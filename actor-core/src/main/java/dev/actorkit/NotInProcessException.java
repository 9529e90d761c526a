package dev.actorkit;

/** An operation that only a process can do was called from code that is not running in a process. */
public class NotInProcessException extends ActorException {

    public NotInProcessException(String message) {
        super(message);
    }
}
