package dev.actorkit;

import org.jspecify.annotations.Nullable;

/** The base of ActorKit's exceptions. */
public class ActorException extends RuntimeException {

    public ActorException(String message) {
        super(message);
    }

    public ActorException(String message, Throwable cause) {
        super(message, cause);
    }

    /** For exceptions that unwind control flow, where a stack trace would only cost time. */
    protected ActorException(@Nullable String message, boolean writableStackTrace) {
        super(message, null, false, writableStackTrace);
    }
}
