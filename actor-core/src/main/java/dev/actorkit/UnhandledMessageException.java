package dev.actorkit;

/** A {@code call} was made with a request that no handler of the process accepts. */
public class UnhandledMessageException extends ActorException {

    public UnhandledMessageException(String message) {
        super(message);
    }
}
