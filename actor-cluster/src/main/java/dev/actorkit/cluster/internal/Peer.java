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
 * <p>Concurrency: {@link #lock} orders frames to this peer (so the engine's per-pair order is the order
 * callers sent in) and guards {@code down}, {@code sentTracked} and {@code unacked}; whoever sets
 * {@code down} under it then fails what is left, and nothing can be added after. Inbound counters are
 * touched by the engine's one-at-a-time delivery for this peer and by the ack timer, hence atomics.
 */
final class Peer {

    /** A message sent but not yet acknowledged; {@code recipient} is printed only if it is lost. */
    record Unacked(long seq, Object recipient, Object message) {
    }

    /** A call waiting for its reply. */
    record PendingCall(CompletableFuture<Object> reply, RemoteRef target, String requestType) {
    }

    final NodeId id;
    final Engine.Member member;
    private final Object lock = new Object();
    private boolean down;
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

    Peer(NodeId id, Engine.Member member) {
        this.id = id;
        this.member = member;
    }

    /** Sends a frame in order; false (nothing sent) if the peer is down. */
    boolean send(Engine engine, Frame frame) {
        byte[] bytes = Frames.encode(frame);
        synchronized (lock) {
            if (down) {
                return false;
            }
            engine.send(member, bytes);
            return true;
        }
    }

    /** Sends a frame the peer acknowledges by count; false (nothing sent) if the peer is down. */
    boolean sendTracked(Engine engine, Frame frame, Object recipient, Object message) {
        byte[] bytes = Frames.encode(frame);
        synchronized (lock) {
            if (down) {
                return false;
            }
            unacked.addLast(new Unacked(++sentTracked, recipient, message));
            engine.send(member, bytes);
            return true;
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
            List<Unacked> lost = new ArrayList<>(unacked);
            unacked.clear();
            return lost;
        }
    }
}
