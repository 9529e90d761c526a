package dev.actorkit;

/** A process called itself: it cannot reply while it waits, so the call could only time out. */
public class CallingSelfException extends ActorException {

    public CallingSelfException(String message) {
        super(message);
    }
}
