package dev.actorkit.supervisor;

import dev.actorkit.ActorException;

/** A child administration request that OTP would answer with {@code {error, Reason}}. */
public class SupervisorException extends ActorException {

    private final Reason reason;

    public SupervisorException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Which of OTP's error cases this is. */
    public Reason reason() {
        return reason;
    }

    /** OTP's error reasons for child administration. */
    public enum Reason {
        /** {@code startChild}: a child with that id is running. */
        ALREADY_STARTED,
        /** {@code startChild}: a spec with that id exists, not running; use restartChild or deleteChild. */
        ALREADY_PRESENT,
        /** {@code restartChild}/{@code deleteChild}: the child is running; terminate it first. */
        RUNNING,
        /** {@code restartChild}/{@code deleteChild}: the child is being restarted. */
        RESTARTING,
        /** No child with that id (or ref). */
        NOT_FOUND,
        /** A dynamic supervisor already has {@code maxChildren} children. */
        MAX_CHILDREN
    }
}
