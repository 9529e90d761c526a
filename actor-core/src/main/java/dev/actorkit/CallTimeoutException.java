package dev.actorkit;

/** A {@link ProcessRef#call} got no reply in time. */
public class CallTimeoutException extends ActorException {

    public CallTimeoutException(String message) {
        super(message);
    }
}
