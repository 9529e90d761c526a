package dev.actorkit;

/**
 * A pending timer started by {@code sendAfter}. Thread-safe.
 */
public interface TimerRef {

    /**
     * Cancels the timer.
     *
     * @return {@code true} if the message had not been sent yet and now never will be;
     *         {@code false} if it was already sent or cancelled
     */
    boolean cancel();

    /** True while the message is still waiting to be sent. */
    boolean isPending();
}
