package dev.actorkit;

/**
 * A {@code @Process} class breaks a rule of the programming model (a handler without a message
 * parameter, two handlers for one type, a private handler…). The message names the class, the method
 * and the fix.
 */
public class InvalidProcessClassException extends ActorException {

    public InvalidProcessClassException(String message) {
        super(message);
    }
}
