package dev.actorkit.cluster.internal;

import dev.actorkit.ExitReason;
import dev.actorkit.Pid;
import dev.actorkit.ProcessRef;
import dev.actorkit.cluster.NodeId;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A ref to a process on another node. Its {@link #pid()} names the node by this node's index for it, as
 * Erlang prints {@code <3.42.0>}; two refs are equal when they name the same process of the same node
 * incarnation. Thread-safe and immutable; the work is done by its {@link ClusterNode}.
 */
public final class RemoteRef implements ProcessRef<Object> {

    private final ClusterNode cluster;
    private final NodeId node;
    private final Pid pid;

    RemoteRef(ClusterNode cluster, NodeId node, Pid pid) {
        this.cluster = cluster;
        this.node = node;
        this.pid = pid;
    }

    /** The node incarnation the process lives on. */
    public NodeId node() {
        return node;
    }

    @Override
    public Pid pid() {
        return pid;
    }

    Frame.WirePid wire() {
        return new Frame.WirePid(node.name(), node.incarnation(), pid.id(), pid.serial());
    }

    /**
     * Sends over the node pair's ordered stream. Never blocks on the receiver and never fails because the
     * process or its node is gone (that is a remote dead letter), but refuses a message whose type is not
     * allowed or that is too large.
     */
    @Override
    public void send(Object message) {
        Objects.requireNonNull(message, "message must not be null");
        cluster.sendRemote(this, message);
    }

    /** This node's view: true until it learns the process exited or its node went down. */
    @Override
    public boolean isAlive() {
        return cluster.isAlive(this);
    }

    /** Completes with the exit reason, {@code NOPROC} if it never existed, or {@code NOCONNECTION} if its node went down. */
    @Override
    public CompletableFuture<ExitReason> termination() {
        return cluster.watch(this);
    }

    @Override
    public <R> R call(Object request) {
        return call(request, cluster.defaultCallTimeout());
    }

    @Override
    public <R> R call(Object request, Duration timeout) {
        return cluster.await(this.<R>ask(request, timeout));
    }

    @Override
    public <R> CompletableFuture<R> ask(Object request, Duration timeout) {
        Objects.requireNonNull(request, "request must not be null");
        Objects.requireNonNull(timeout, "timeout must not be null");
        return cluster.callRemote(this, request, timeout);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RemoteRef ref && ref.node.equals(node) && ref.pid.id() == pid.id()
                && ref.pid.serial() == pid.serial();
    }

    @Override
    public int hashCode() {
        return Objects.hash(node, pid.id(), pid.serial());
    }

    @Override
    public String toString() {
        return pid + "@" + node.name();
    }
}
