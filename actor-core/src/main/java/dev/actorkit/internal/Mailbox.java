package dev.actorkit.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * An unbounded multi-producer single-consumer queue of messages: Dmitry Vyukov's intrusive MPSC node
 * queue, the shape of Pekko's {@code AbstractNodeQueue}.
 *
 * <p>Concurrency: any thread may {@link #offer}; only one thread at a time, the consumer, may
 * {@link #poll}. Producers swap themselves into {@code head} with one atomic exchange (wait-free), then
 * link the previous node to the new one. Between those two steps the queue looks empty to the consumer
 * although {@code head != tail}: {@link #poll} reports "empty" then, and {@link #isEmpty} tells the two
 * cases apart for callers that must not miss a message. The consumer owns {@code tail}, a stub node
 * whose {@code value} has already been taken.
 */
final class Mailbox {

    private static final VarHandle HEAD;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(Mailbox.class, "head", Node.class);
            NEXT = lookup.findVarHandle(Node.class, "next", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The newest node; written by producers with an atomic exchange. */
    @SuppressWarnings("unused") // accessed through HEAD
    private volatile Node head;
    /** The stub before the oldest message; consumer only. */
    private Node tail;

    Mailbox() {
        Node stub = new Node(null);
        this.tail = stub;
        HEAD.setRelease(this, stub);
    }

    /** Appends a message. Any thread; wait-free. */
    void offer(Object message) {
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

    private static final class Node {
        @Nullable Object value;
        @SuppressWarnings("unused") // accessed through NEXT
        volatile @Nullable Node next;

        Node(@Nullable Object value) {
            this.value = value;
        }
    }
}
