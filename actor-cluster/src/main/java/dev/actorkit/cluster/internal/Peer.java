package dev.actorkit.cluster.internal;

import dev.actorkit.ExitReason;
import dev.actorkit.cluster.NodeId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One connected node incarnation, as this node sees it: the ordered stream to it, the messages it has not
 * acknowledged, the calls waiting for it and the watches on its processes.
 *
 * <p>Sending never blocks the caller (Erlang's send never blocks): frames go into this peer's outbound
 * queue and one sender thread per peer hands them to the engine, whose flow control may hold that thread
 * back while the peer falls behind. Messages (tracked frames) beyond {@code sendQueueLimit} waiting in the
 * queue are refused ({@link Outcome#QUEUE_FULL}) and become dead letters; signals, calls and acks are always
 * queued, so a link or monitor signal is never lost to a full queue.
 *
 * <p>Concurrency: {@link #lock} orders frames to this peer (the queue's order is the order callers sent in,
 * and the one sender thread keeps it) and guards {@code down}, {@code sentTracked}, {@code unacked} and the
 * queue; whoever sets {@code down} under it then fails what is left, and nothing can be added after.
 * Inbound counters are touched by the engine's one-at-a-time delivery for this peer and by the ack timer,
 * hence atomics.
 */
final class Peer {

    /** A message sent but not yet acknowledged; {@code recipient} is printed only if it is lost. */
    record Unacked(long seq, Object recipient, Object message) {
    }

    /** A call waiting for its reply. */
    record PendingCall(CompletableFuture<Object> reply, RemoteRef target, String requestType) {
    }

    /** What became of a frame given to {@link #sendTracked}. */
    enum Outcome { QUEUED, DOWN, QUEUE_FULL }

    final NodeId id;
    final Engine.Member member;
    private final Engine engine;
    private final int queueLimit;
    private final Object lock = new Object();
    private boolean down;
    /** Frames waiting for the sender thread, and how many of them are tracked messages. */
    private ArrayDeque<byte[]> outbound = new ArrayDeque<>();
    private int queuedTracked;
    private @Nullable Thread sender;
    private long sentTracked;
    private final ArrayDeque<Unacked> unacked = new ArrayDeque<>();

    /** Tracked frames received from this peer, and how many of them this node has acknowledged. */
    final AtomicLong received = new AtomicLong();
    final AtomicLong acknowledged = new AtomicLong();

    /** The sequence number of the latest greeting taken from this peer (touched under the node's view lock). */
    long lastHello;

    final Map<Long, PendingCall> calls = new ConcurrentHashMap<>();
    /** Name lookups and spawns waiting for this peer's answer. */
    final Map<Long, CompletableFuture<Frame>> requests = new ConcurrentHashMap<>();
    /** Watches on this peer's processes, keyed by (id, serial). */
    final Map<ProcessKey, CompletableFuture<ExitReason>> watched = new ConcurrentHashMap<>();

    record ProcessKey(long id, int serial) {
    }

    Peer(NodeId id, Engine.Member member, Engine engine, int queueLimit) {
        this.id = id;
        this.member = member;
        this.engine = engine;
        this.queueLimit = queueLimit;
    }

    /** Queues a frame in order, never waiting; false (nothing sent) if the peer is down. */
    boolean send(Frame frame) {
        byte[] bytes = Frames.encode(frame);
        synchronized (lock) {
            if (down) {
                return false;
            }
            enqueue(bytes, false);
            return true;
        }
    }

    /** Queues a message frame the peer acknowledges by count, never waiting. */
    Outcome sendTracked(Frame frame, Object recipient, Object message) {
        byte[] bytes = Frames.encode(frame);
        synchronized (lock) {
            if (down) {
                return Outcome.DOWN;
            }
            if (queuedTracked >= queueLimit) {
                return Outcome.QUEUE_FULL;
            }
            unacked.addLast(new Unacked(++sentTracked, recipient, message));
            enqueue(bytes, true);
            return Outcome.QUEUED;
        }
    }

    /** How many messages wait in the outbound queue (flow control is holding them back). */
    int queuedMessages() {
        synchronized (lock) {
            return queuedTracked;
        }
    }

    private void enqueue(byte[] bytes, boolean tracked) {
        outbound.addLast(bytes);
        if (tracked) {
            queuedTracked++;
        }
        if (sender == null) {
            sender = new Thread(this::drain, "actorkit-cluster-send-to-" + id.name());
            sender.setDaemon(true);
            sender.start();
        } else if (outbound.size() == 1) {
            lock.notify();
        }
    }

    /** The sender thread: hands queued frames to the engine in order, a batch at a time, until the peer is down. */
    private void drain() {
        while (true) {
            ArrayDeque<byte[]> batch;
            synchronized (lock) {
                while (outbound.isEmpty() && !down) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (down) {
                    return;
                }
                batch = outbound;
                outbound = new ArrayDeque<>();
                queuedTracked = 0;
            }
            for (byte[] bytes : batch) {
                engine.send(member, bytes); // may wait here for flow-control credits; no caller waits with it
            }
        }
    }

    /** The peer has taken {@code count} tracked frames: forget them. */
    void acknowledged(long count) {
        synchronized (lock) {
            while (!unacked.isEmpty() && unacked.peekFirst().seq() <= count) {
                unacked.removeFirst();
            }
        }
    }

    boolean isDown() {
        synchronized (lock) {
            return down;
        }
    }

    /** Marks the peer down once; returns the messages it never acknowledged, or null if it was down already. */
    @Nullable List<Unacked> markDown() {
        synchronized (lock) {
            if (down) {
                return null;
            }
            down = true;
            outbound.clear();
            queuedTracked = 0;
            lock.notifyAll();
            List<Unacked> lost = new ArrayList<>(unacked);
            unacked.clear();
            return lost;
        }
    }
}
