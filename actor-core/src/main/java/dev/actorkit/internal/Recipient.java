package dev.actorkit.internal;

/** Something a message can be delivered to: a process, or a supervised child's slot. */
interface Recipient {

    /** Puts {@code message} in the mailbox, or records it as a dead letter. Any thread. */
    void deliver(Object message);
}
