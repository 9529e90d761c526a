package dev.actorkit;

import java.time.Duration;
import java.util.Objects;

/**
 * A process's mailbox: unbounded (the default, as in Erlang), or bounded with what happens when it is
 * full. Immutable.
 *
 * <pre>{@code
 * scheduler.spawn(Ledger::new, MailboxConfig.bounded(10_000, Overflow.REJECT));
 * }</pre>
 *
 * @param capacity     messages it holds at most; {@link Integer#MAX_VALUE} for unbounded
 * @param overflow     what a send to a full mailbox does
 * @param blockTimeout for {@link Overflow#BLOCK}: how long a sender waits for room
 */
public record MailboxConfig(int capacity, Overflow overflow, Duration blockTimeout) {

    private static final MailboxConfig UNBOUNDED = new MailboxConfig(Integer.MAX_VALUE, Overflow.REJECT, Duration.ofSeconds(5));

    public MailboxConfig {
        if (capacity < 1) {
            throw new IllegalArgumentException("a mailbox capacity must be at least 1, but was " + capacity);
        }
        Objects.requireNonNull(overflow, "overflow must not be null");
        Objects.requireNonNull(blockTimeout, "blockTimeout must not be null");
        if (blockTimeout.isNegative()) {
            throw new IllegalArgumentException("blockTimeout must not be negative, but was " + blockTimeout);
        }
    }

    /** No bound: a send never fails for lack of room. */
    public static MailboxConfig unbounded() {
        return UNBOUNDED;
    }

    /** At most {@code capacity} messages; {@code overflow} says what a send to a full mailbox does. */
    public static MailboxConfig bounded(int capacity, Overflow overflow) {
        return new MailboxConfig(capacity, overflow, Duration.ofSeconds(5));
    }

    /** For {@link Overflow#BLOCK}: how long a sender waits for room before it gets {@link MailboxFullException}. */
    public MailboxConfig withBlockTimeout(Duration blockTimeout) {
        return new MailboxConfig(capacity, overflow, blockTimeout);
    }

    public boolean isBounded() {
        return capacity != Integer.MAX_VALUE;
    }

    /** What a send to a full mailbox does. Every dropped message is a dead letter ({@code OVERFLOW}). */
    public enum Overflow {
        /** The sender gets {@link MailboxFullException}; the message is not queued. */
        REJECT,
        /** The new message is dropped. */
        DROP_NEWEST,
        /** The oldest queued message is dropped to make room. */
        DROP_OLDEST,
        /** The sender waits for room, up to {@link #blockTimeout()}, then gets {@link MailboxFullException}. */
        BLOCK
    }
}
