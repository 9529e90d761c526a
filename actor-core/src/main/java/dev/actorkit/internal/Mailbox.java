package dev.actorkit.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An unbounded multi-producer single-consumer queue of messages: Dmitry Vyukov's intrusive MPSC node
 * queue, the shape of Pekko's {@code AbstractNodeQueue}.
 *
 * <p>Concurrency: any thread may {@link #offer}; only one thread at a time, the consumer, may
 * {@link #poll}. Once {@link #close closed} there is no consumer: producers and the closer drain it
 * into the dead-letter sink, one at a time under {@code drainLock}. Producers swap themselves into {@code head} with one atomic exchange (wait-free), then
 * link the previous node to the new one. Between those two steps the queue looks empty to the consumer
 * although {@code head != tail}: {@link #poll} reports "empty" then, and {@link #isEmpty} tells the two
 * cases apart for callers that must not miss a message. The consumer owns {@code tail}, a stub node
 * whose {@code value} has already been taken.
 */
class Mailbox {

    private static final VarHandle HEAD;
    private static final VarHandle NEXT;
    private static final VarHandle DRAIN_LOCK;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(Mailbox.class, "head", Node.class);
            NEXT = lookup.findVarHandle(Node.class, "next", Node.class);
            DRAIN_LOCK = lookup.findVarHandle(Mailbox.class, "drainLock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The newest node; written by producers with an atomic exchange. */
    @SuppressWarnings("unused") // accessed through HEAD
    private volatile Node head;
    /** The stub before the oldest message; consumer only. */
    private Node tail;
    /** Non-null once closed: where messages go that arrive afterwards. */
    private volatile @Nullable Consumer<Object> closedSink;
    /** 0 or 1: who drains a closed mailbox; see {@link #drainClosed()}. */
    @SuppressWarnings("unused") // accessed through DRAIN_LOCK
    private volatile int drainLock;

    Mailbox() {
        Node stub = new Node(null);
        this.tail = stub;
        HEAD.setRelease(this, stub);
    }

    /**
     * Appends a message for {@code recipient} (named in errors). Any thread; wait-free when unbounded.
     *
     * @return false if a bounded mailbox dropped it (the caller records the dead letter)
     * @throws dev.actorkit.MailboxFullException if a bounded mailbox refused it
     */
    boolean offer(Object message, Object recipient) {
        enqueue(message);
        return true;
    }

    /**
     * Appends a message without ever waiting for room or throwing because there is none (for timers).
     *
     * @return false if a bounded mailbox had no room (the caller records the dead letter)
     */
    boolean offerWithoutWaiting(Object message, Object recipient) {
        enqueue(message);
        return true;
    }

    /** Appends an {@code Exit} or {@code Down}: never refused, not even by a full bounded mailbox. */
    void offerSignal(Object message) {
        enqueue(message);
    }

    private void enqueue(Object message) {
        Node node = new Node(message);
        Node previous = (Node) HEAD.getAndSet(this, node);
        // Publishes the node to the consumer; until this store the consumer sees the queue as empty.
        NEXT.setRelease(previous, node);
    }

    /** Takes the oldest message, or returns null if none is linked yet. Consumer thread only. */
    @Nullable Object poll() {
        Node next = (Node) NEXT.getAcquire(tail);
        if (next == null) {
            return null;
        }
        Object message = next.value;
        next.value = null; // next becomes the stub; drop the reference for the GC
        tail = next;
        return message;
    }

    /**
     * True when no producer has offered anything the consumer has not taken, including a producer that
     * is between its two steps. Consumer thread only.
     */
    boolean isEmpty() {
        return HEAD.getVolatile(this) == tail;
    }

    /** True when nothing was offered that the consumer has not taken; racy from producers, for hints only. */
    boolean isEmptyForProducers() {
        return HEAD.getVolatile(this) == tail;
    }

    /**
     * Takes the oldest message, waiting out a producer caught between its two steps; null only when
     * {@link #isEmpty()}. Consumer thread only.
     */
    @Nullable Object pollCompletely() {
        for (;;) {
            Object message = poll();
            if (message != null || isEmpty()) {
                return message;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Counts the queued messages by walking the list. Exact on the consumer thread; from any other
     * thread a snapshot that may be off by the messages moving at that moment.
     */
    int size() {
        int count = 0;
        Node node = (Node) NEXT.getAcquire(tail);
        while (node != null && count < Integer.MAX_VALUE) {
            count++;
            node = (Node) NEXT.getAcquire(node);
        }
        return count;
    }

    /**
     * Closes the mailbox: its consumer takes no more messages, so everything queued, and everything
     * offered later, goes to {@code sink} (a dead-letter recorder). Called by the last consumer, which
     * gives up its role here.
     */
    void close(Consumer<Object> sink) {
        closedSink = sink;
        drainClosed();
    }

    /**
     * Called by producers after {@link #offer}: if the mailbox was closed meanwhile, the message must
     * not stay in it unseen. Dekker with {@link #close}: the closer sets the sink then drains; a producer
     * offers then reads the sink, so one of them sees the message.
     */
    void drainIfClosed() {
        if (closedSink != null) {
            drainClosed();
        }
    }

    boolean isClosed() {
        return closedSink != null;
    }

    /** Takes a drained, closed mailbox back into use for a new consumer. */
    void reopen() {
        closedSink = null;
    }

    private void drainClosed() {
        Consumer<Object> sink = closedSink;
        // Single consumer: only the holder of drainLock polls. A producer that fails to take it relies
        // on the holder's emptiness check after release.
        while (sink != null && HEAD.getVolatile(this) != tail && DRAIN_LOCK.compareAndSet(this, 0, 1)) {
            try {
                Object message;
                while ((message = pollCompletely()) != null) {
                    sink.accept(message);
                }
            } finally {
                DRAIN_LOCK.setVolatile(this, 0);
            }
        }
    }

    private static final class Node {
        @Nullable Object value;
        @SuppressWarnings("unused") // accessed through NEXT
        volatile @Nullable Node next;

        Node(@Nullable Object value) {
            this.value = value;
        }
    }
}
