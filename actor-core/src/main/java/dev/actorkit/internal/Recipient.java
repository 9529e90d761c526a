package dev.actorkit.internal;

/** Something a message can be delivered to: a process, or a supervised child's slot. */
interface Recipient {

    /** Puts {@code message} in the mailbox, or records it as a dead letter. Any thread. */
    void deliver(Object message);

    /**
     * Like {@link #deliver}, but never waits for room in a bounded mailbox nor throws for lack of it: a
     * message that does not fit becomes an {@code OVERFLOW} dead letter. For the timer thread.
     */
    void deliverWithoutWaiting(Object message);
}
