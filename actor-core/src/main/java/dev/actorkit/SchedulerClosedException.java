package dev.actorkit;

/** The scheduler has been closed: it spawns nothing and delivers nothing any more. */
public class SchedulerClosedException extends ActorException {

    public SchedulerClosedException(String message) {
        super(message);
    }
}
