package dev.actorkit.internal;

import dev.actorkit.MailboxConfig;
import dev.actorkit.MailboxFullException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A mailbox with a capacity: a count of queued messages in front of the unbounded queue.
 *
 * <p>Concurrency: producers reserve room by incrementing {@code count} before they offer (so the bound
 * holds under any number of producers); the consumer decrements it for every message it takes. Drop
 * oldest happens at send, so the mailbox never holds more than its capacity: a producer that finds it
 * full takes the oldest message off the head and records it as an {@code OVERFLOW} dead letter. Taking
 * from the head is the consumer's privilege in the lock-free queue, so in this mode every take and every
 * offer holds the mailbox's lock (the price of the strategy, paid only by drop-oldest mailboxes); a
 * signal found at the head while looking for the oldest message is set aside in {@code headSignals} and
 * handed to the consumer before anything else, which keeps its place in the order. Blocked senders wait on the mailbox's monitor; the consumer notifies only
 * when some are waiting. Signals ({@code Exit}, {@code Down}) bypass the bound: wrapped so the consumer
 * can tell them apart, they are neither counted, refused nor dropped.
 */
final class BoundedMailbox extends Mailbox {

    private final MailboxConfig config;
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger blockedSenders = new AtomicInteger();
    /** Where dropped messages go, as {@code OVERFLOW} dead letters; set once the owner is known. */
    private @Nullable Consumer<Object> overflowSink;

    BoundedMailbox(MailboxConfig config) {
        this.config = config;
    }

    void overflowTo(Consumer<Object> sink) {
        this.overflowSink = sink;
    }

    @Override
    boolean offer(Object message, Object recipient) {
        switch (config.overflow()) {
            case REJECT -> {
                if (!reserve()) {
                    throw full(recipient, "rejected");
                }
            }
            case DROP_NEWEST -> {
                if (!reserve()) {
                    return false;
                }
            }
            case DROP_OLDEST -> {
                offerDroppingOldest(message, recipient);
                return true;
            }
            case BLOCK -> awaitRoom(recipient);
        }
        super.offer(message, recipient);
        return true;
    }

    /** Signals taken off the head by a producer looking for the oldest message; guarded by this. */
    private final java.util.ArrayDeque<Signal> headSignals = new java.util.ArrayDeque<>(0);

    private void offerDroppingOldest(Object message, Object recipient) {
        Object dropped = null;
        synchronized (this) {
            if (count.get() >= config.capacity()) {
                dropped = takeOldestMessageLocked();
            }
            count.incrementAndGet();
            super.offer(message, recipient);
        }
        Consumer<Object> sink = overflowSink;
        if (dropped != null && sink != null) {
            sink.accept(dropped); // outside the lock: the dead-letter listeners are guests
        }
    }

    /** The oldest message (not signal), taken off the queue, or null if there is none. Holds the lock. */
    private @Nullable Object takeOldestMessageLocked() {
        for (;;) {
            Object oldest = super.poll(); // every offer holds the lock in this mode: nothing is half-linked
            if (oldest == null) {
                return null;
            }
            if (oldest instanceof Signal signal) {
                headSignals.addLast(signal);
                continue;
            }
            count.decrementAndGet();
            return oldest;
        }
    }

    /** An {@code Exit} or {@code Down} in a bounded mailbox: outside the count, never dropped. */
    private record Signal(Object message) {
    }

    /** Signals queued now; only for {@link #size()}. */
    private final AtomicInteger signals = new AtomicInteger();

    @Override
    void offerSignal(Object message) {
        signals.incrementAndGet();
        if (config.overflow() == MailboxConfig.Overflow.DROP_OLDEST) {
            synchronized (this) {
                super.offerSignal(new Signal(message));
            }
            return;
        }
        super.offerSignal(new Signal(message));
    }

    private boolean reserve() {
        for (;;) {
            int queued = count.get();
            if (queued >= config.capacity()) {
                return false;
            }
            if (count.compareAndSet(queued, queued + 1)) {
                return true;
            }
        }
    }

    /**
     * Waits for room (a {@code BLOCK} mailbox), then reserves it. A sender that loses the race for the
     * room it waited for waits again rather than spinning. A process that sends stops counting as
     * "inside send" while it waits, so that killing it does not make its killer wait for the room (see
     * {@link ProcessCell#pauseSending}); it checks that it is still alive before it sends after all.
     */
    private void awaitRoom(Object recipient) {
        if (reserve()) {
            return;
        }
        long deadline = System.nanoTime() + config.blockTimeout().toNanos();
        Runtime.beforeBlocking(); // the receiver may be waiting in this worker's slot
        ProcessCell sender = ProcessCell.current();
        blockedSenders.incrementAndGet();
        try {
            do {
                if (deadline - System.nanoTime() <= 0) {
                    throw full(recipient, "still full after waiting " + config.blockTimeout() + " for room");
                }
                if (sender != null) {
                    sender.pauseSending();
                }
                try {
                    ForkJoinPool.managedBlock(new RoomBlocker(deadline, sender)); // a pool worker gets a stand-in meanwhile
                } finally {
                    if (sender != null) {
                        sender.resumeSending(); // throws if the sender was killed while it waited
                    }
                }
            } while (!reserve());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (sender != null) {
                sender.checkAlive(); // killed while waiting: that is the news, not the full mailbox
            }
            throw new MailboxFullException("interrupted while waiting for room in the mailbox of " + recipient);
        } finally {
            blockedSenders.decrementAndGet();
        }
    }

    /** Waits, in the pool's managed way, until there is room, the deadline passes or the sending process dies. */
    private final class RoomBlocker implements ForkJoinPool.ManagedBlocker {
        /** How long one wait lasts at most: a sender killed meanwhile notices within it. */
        private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

        private final long deadline;
        private final @Nullable ProcessCell sender;

        RoomBlocker(long deadline, @Nullable ProcessCell sender) {
            this.deadline = deadline;
            this.sender = sender;
        }

        @Override
        public boolean block() throws InterruptedException {
            synchronized (BoundedMailbox.this) {
                long left = Math.min(SLICE_NANOS, deadline - System.nanoTime());
                if (left > 0 && !isReleasable()) {
                    TimeUnit.NANOSECONDS.timedWait(BoundedMailbox.this, left);
                }
            }
            return isReleasable();
        }

        @Override
        public boolean isReleasable() {
            return count.get() < config.capacity() || deadline - System.nanoTime() <= 0
                    || (sender != null && !sender.isAlive());
        }
    }

    /**
     * Offers without ever waiting: for the timer thread, which must not block on a {@code BLOCK} mailbox
     * nor throw for a {@code REJECT} one. False if there is no room: the caller records an {@code OVERFLOW}.
     */
    @Override
    boolean offerWithoutWaiting(Object message, Object recipient) {
        if (config.overflow() == MailboxConfig.Overflow.DROP_OLDEST) {
            return offer(message, recipient);
        }
        if (!reserve()) {
            return false;
        }
        super.offer(message, recipient);
        return true;
    }

    private MailboxFullException full(Object recipient, String what) {
        return new MailboxFullException("the mailbox of " + recipient + " is full (capacity " + config.capacity()
                + ", overflow " + config.overflow() + "); the message was " + what + ". Slow down the senders, raise"
                + " the capacity, or choose another overflow strategy.");
    }

    @Override
    @Nullable Object poll() {
        if (config.overflow() == MailboxConfig.Overflow.DROP_OLDEST) {
            synchronized (this) {
                Signal aside = headSignals.pollFirst();
                if (aside != null) {
                    signals.decrementAndGet();
                    return aside.message();
                }
                return pollUnlocked();
            }
        }
        return pollUnlocked();
    }

    private @Nullable Object pollUnlocked() {
        Object message = super.poll();
        if (message instanceof Signal signal) {
            signals.decrementAndGet();
            return signal.message();
        }
        if (message != null) {
            taken();
        }
        return message;
    }

    @Override
    boolean isEmpty() {
        if (config.overflow() == MailboxConfig.Overflow.DROP_OLDEST) {
            synchronized (this) {
                return headSignals.isEmpty() && super.isEmpty();
            }
        }
        return super.isEmpty();
    }

    private void taken() {
        count.decrementAndGet();
        if (blockedSenders.get() > 0) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    @Override
    int size() {
        return Math.max(0, count.get()) + signals.get();
    }
}
