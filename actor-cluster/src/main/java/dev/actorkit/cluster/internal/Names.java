package dev.actorkit.cluster.internal;

import dev.actorkit.ExitReason;
import dev.actorkit.NoProcessException;
import dev.actorkit.ProcessRef;
import dev.actorkit.cluster.GlobalNames;
import dev.actorkit.cluster.NodeId;
import dev.actorkit.cluster.RemoteCallException;
import dev.actorkit.cluster.internal.Frame.WirePid;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Global names: every node keeps the whole table and reads it locally; the partition's coordinator (its
 * oldest member) orders every change and sends it to each node over that node's ordered stream, before
 * its answer to the node that asked. After a membership change every node claims its own names again
 * with the coordinator, which resolves conflicts (the node whose name sorts first keeps the name; the
 * other process gets an exit signal).
 *
 * <p>Concurrency: the table is a concurrent map written by frames from the coordinator (one at a time)
 * and by local removals; the coordinator's decisions are serialized by {@code synchronized} methods.
 */
final class Names implements GlobalNames {

    private static final System.Logger LOG = System.getLogger(Names.class.getName());
    /** The conflict rule: the registration on the node whose name sorts first wins. */
    private static final Comparator<WirePid> WINNER_FIRST = Comparator.comparing(WirePid::node)
            .thenComparingLong(WirePid::incarnation).thenComparingLong(WirePid::id);

    private final ClusterNode node;
    private final Map<String, WirePid> table = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Boolean>> pending = new ConcurrentHashMap<>();

    Names(ClusterNode node) {
        this.node = node;
    }

    @Override
    public boolean register(String name, ProcessRef<?> ref) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ref, "ref");
        if (ref instanceof RemoteRef) {
            throw new IllegalArgumentException("register " + ref + " on its own node: a node registers its own processes");
        }
        if (!ref.isAlive()) {
            return false;
        }
        WirePid pid = node.toWire(ref);
        Duration timeout = node.defaultCallTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Peer coordinator = node.coordinator();
            boolean registered;
            if (node.isCoordinator()) {
                registered = decideRegister(name, pid);
            } else if (coordinator == null) {
                pause(); // the coordinator has not greeted this node yet: ask again shortly
                continue;
            } else {
                long requestId = node.nextRequestId();
                CompletableFuture<Boolean> answer = new CompletableFuture<>();
                pending.put(requestId, answer);
                try {
                    if (!coordinator.send(new Frame.GlobalRegister(requestId, name, pid))) {
                        pause(); // it went down: the next view names another coordinator
                        continue;
                    }
                    registered = answer.get(Math.min(200, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
                } catch (TimeoutException retry) {
                    continue; // the coordinator may have gone; ask whoever coordinates now
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RemoteCallException("interrupted while registering the global name '" + name + "'");
                } catch (ExecutionException e) {
                    throw new RemoteCallException("registering the global name '" + name + "' failed: " + e.getCause());
                } finally {
                    pending.remove(requestId);
                }
            }
            if (registered) {
                ref.termination().thenRun(() -> release(name, pid));
            }
            return registered;
        }
        throw new RemoteCallException("no coordinator ordered the registration of '" + name + "' within " + timeout);
    }

    /** A short back-off between attempts while the membership settles, so a retry does not spin. */
    private static void pause() {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    @Override
    public Optional<ProcessRef<Object>> whereis(String name) {
        WirePid pid = table.get(name);
        return pid == null ? Optional.empty() : Optional.of(node.fromWire(pid));
    }

    @Override
    public boolean unregister(String name) {
        WirePid pid = table.get(name);
        if (pid == null || !node.isLocal(pid)) {
            return false;
        }
        release(name, pid);
        return true;
    }

    @Override
    public void send(String name, Object message) {
        whereis(name).orElseThrow(() -> new NoProcessException("no process is registered globally as '" + name + "'"))
                .send(message);
    }

    @Override
    public Set<String> registered() {
        return Set.copyOf(table.keySet());
    }

    /** Frees a name held by a local process: at once here, and through the coordinator everywhere. */
    private void release(String name, WirePid pid) {
        table.remove(name, pid);
        if (node.isCoordinator()) {
            decideRemove(name, pid);
        } else {
            Peer coordinator = node.coordinator();
            if (coordinator != null) {
                coordinator.send(new Frame.GlobalUnregister(name, pid));
            }
        }
    }

    // ---- on the coordinator

    private synchronized boolean decideRegister(String name, WirePid pid) {
        WirePid holder = table.get(name);
        if (holder != null && !holder.equals(pid)) {
            return false;
        }
        table.put(name, pid);
        broadcast(new Frame.GlobalSet(name, pid));
        return true;
    }

    private synchronized void decideRemove(String name, WirePid pid) {
        table.remove(name, pid);
        broadcast(new Frame.GlobalRemove(name, pid));
    }

    synchronized void registerRequested(Peer from, Frame.GlobalRegister request) {
        boolean registered = node.isCoordinator() && decideRegister(request.name(), request.pid());
        from.send(new Frame.GlobalReply(request.requestId(), registered));
    }

    void unregisterRequested(Frame.GlobalUnregister request) {
        if (node.isCoordinator()) {
            decideRemove(request.name(), request.pid());
        }
    }

    /** Another node's own names, claimed again after a membership change: apply the conflict rule. */
    synchronized void claims(Map<String, WirePid> claimed) {
        if (!node.isCoordinator()) {
            return;
        }
        for (Map.Entry<String, WirePid> claim : claimed.entrySet()) {
            String name = claim.getKey();
            WirePid claimant = claim.getValue();
            WirePid holder = table.get(name);
            if (holder == null || holder.equals(claimant)) {
                if (holder == null) {
                    table.put(name, claimant);
                    broadcast(new Frame.GlobalSet(name, claimant));
                }
                continue;
            }
            WirePid winner = WINNER_FIRST.compare(holder, claimant) <= 0 ? holder : claimant;
            WirePid loser = winner == holder ? claimant : holder;
            LOG.log(Level.WARNING, "global name ''{0}'' was held by {1} and by {2} after partitions merged; the rule"
                    + " (the node whose name sorts first keeps it) keeps {3}, and {4} is sent an exit signal",
                    name, holder, claimant, winner, loser);
            table.put(name, winner);
            broadcast(new Frame.GlobalSet(name, winner));
            Frame.GlobalConflict conflict = new Frame.GlobalConflict(name, loser, winner.node());
            if (node.isLocal(loser)) {
                lost(conflict);
            } else {
                Peer loserNode = node.peers().get(loser.node());
                if (loserNode != null) {
                    loserNode.send(conflict);
                }
            }
        }
    }

    /** Sends a change to every other node, in this coordinator's order; applied here already. */
    private void broadcast(Frame change) {
        for (Peer peer : node.peers().values()) {
            peer.send(change);
        }
    }

    // ---- on every node

    void replied(Frame.GlobalReply reply) {
        CompletableFuture<Boolean> answer = pending.get(reply.requestId());
        if (answer != null) {
            answer.complete(reply.registered());
        }
    }

    void set(String name, WirePid pid) {
        table.put(name, pid);
    }

    void remove(String name, WirePid pid) {
        table.remove(name, pid);
    }

    /** The coordinator's whole table, sent to a node that just came up. */
    void table(Map<String, WirePid> names) {
        table.keySet().retainAll(names.keySet());
        table.putAll(names);
    }

    /** This node's process lost a name when partitions merged. */
    void lost(Frame.GlobalConflict conflict) {
        if (!node.isLocal(conflict.loser())) {
            return;
        }
        ProcessRef<Object> loser = node.fromWire(conflict.loser());
        LOG.log(Level.WARNING, "global name ''{0}'': this node''s {1} lost it to node {2} after partitions merged;"
                + " it is sent an exit signal", conflict.name(), loser, conflict.winnerNode());
        if (loser.isAlive()) {
            node.scheduler.exit(loser, ExitReason.of(new NameConflict(conflict.name(), conflict.winnerNode())));
        }
    }

    void nodeUp(Peer peer) {
        synchronized (this) {
            if (node.isCoordinator()) {
                peer.send(new Frame.GlobalTable(Map.copyOf(table)));
            }
        }
        claimOwn();
    }

    void nodeDown(NodeId down) {
        table.values().removeIf(pid -> pid.node().equals(down.name()) && pid.incarnation() == down.incarnation());
    }

    void membershipChanged() {
        claimOwn();
    }

    /** Claims this node's own names with the coordinator again (a no-op for names it already agrees on). */
    private void claimOwn() {
        Map<String, WirePid> own = new HashMap<>();
        table.forEach((name, pid) -> {
            if (node.isLocal(pid)) {
                own.put(name, pid);
            }
        });
        if (own.isEmpty()) {
            return;
        }
        if (node.isCoordinator()) {
            claims(own);
        } else {
            Peer coordinator = node.coordinator();
            if (coordinator != null) {
                coordinator.send(new Frame.GlobalClaims(own));
            }
        }
    }
}
