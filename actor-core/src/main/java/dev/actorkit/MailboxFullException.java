package dev.actorkit;

/**
 * A send to a bounded mailbox was rejected at the sender: the mailbox was full (overflow
 * {@code REJECT}), or stayed full for the whole block timeout (overflow {@code BLOCK}). The message
 * was not queued.
 */
public class MailboxFullException extends ActorException {

    public MailboxFullException(String message) {
        super(message);
    }
}
