package dev.actorkit;

/** A {@link Task} did not finish within the time its owner was willing to wait. */
public class TaskTimeoutException extends ActorException {

    public TaskTimeoutException(String message) {
        super(message);
    }
}
