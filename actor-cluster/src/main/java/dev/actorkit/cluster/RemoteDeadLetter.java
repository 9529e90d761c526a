package dev.actorkit.cluster;

import java.util.Objects;

/**
 * A message to or from another node that was not delivered, or whose delivery is not known: the
 * cluster's dead letter ({@link Cluster#onDeadLetter}). Immutable.
 *
 * @param recipient the process it was addressed to, printed with its node (for example
 *                  {@code <2.41.0> on bar#1733}, or {@code kv on bar#1733} for a name)
 * @param message   the message, or an {@link Undecodable} when it could not be read
 * @param cause     why it is a dead letter
 */
public record RemoteDeadLetter(String recipient, Object message, Cause cause) {

    public RemoteDeadLetter {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(cause, "cause");
    }

    /** Why a message became a remote dead letter. */
    public enum Cause {
        /**
         * The recipient's node went down before acknowledging the message: it may or may not have been
         * handled ("maybe handled"). At-most-once: it is never sent again.
         */
        MAYBE_HANDLED,
        /** The recipient's node was not connected when the message was sent. */
        NO_CONNECTION,
        /**
         * The recipient does not exist: it arrived here for a process or name that is gone, or the pid
         * belongs to an earlier incarnation of its node.
         */
        NO_PROCESS,
        /**
         * It was never sent: {@code sendQueueLimit} messages to its node were already waiting because flow
         * control held them back (that node is slow, hung or overloaded). Sends never block; this is the
         * bound that keeps a stalled node from filling this one's memory.
         */
        SEND_QUEUE_FULL,
        /** It arrived here but its type is not in this node's allow-list, or its bytes were not a valid message. */
        UNDECODABLE
    }

    /**
     * Stands for a message that arrived but could not be read. Its class is never loaded.
     *
     * @param typeName the type name the sender gave
     * @param size     its encoded size in bytes
     * @param problem  what was wrong with it
     */
    public record Undecodable(String typeName, int size, String problem) {
    }
}
