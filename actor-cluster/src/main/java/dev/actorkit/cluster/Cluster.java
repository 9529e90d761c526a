package dev.actorkit.cluster;

import dev.actorkit.MonitorRef;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.cluster.internal.ClusterNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * This JVM as a node of a cluster: Erlang distribution for a {@link Scheduler}. Refs to processes on other
 * nodes arrive in messages, from {@link #whereis(String, String, Duration)}, from {@link #global()} names
 * and from {@link #groups()}; they support {@code send}, {@code call}/{@code ask}, {@code isAlive} and
 * {@code termination} like local refs. Thread-safe.
 *
 * <p>Promises, as Erlang's: messages from one node to another arrive in send order; delivery is at most
 * once; when a node goes down every call to it fails at once, every watch on its processes fires with
 * {@code NOCONNECTION}, and messages it had not acknowledged become {@link RemoteDeadLetter}s with cause
 * {@link RemoteDeadLetter.Cause#MAYBE_HANDLED}.
 */
public interface Cluster extends AutoCloseable {

    /** Joins (or forms) the cluster; returns once this node is a member. */
    static Cluster start(Scheduler scheduler, ClusterConfig config) {
        return ClusterNode.start(scheduler, config);
    }

    /** This node. */
    NodeId self();

    /** The other nodes connected now (Erlang's {@code nodes()}). */
    List<NodeId> nodes();

    /**
     * Sends {@link NodeEvent}s about every node that comes up or goes down to {@code subscriber} (Erlang's
     * {@code net_kernel:monitor_nodes(true)}), until the returned handle is closed or the subscriber exits.
     */
    AutoCloseable monitorNodes(ProcessRef<?> subscriber);

    /**
     * Sends one {@link NodeEvent.NodeDown} to {@code watcher} when the node named {@code nodeName} goes down,
     * at once if it is not connected now (Erlang's {@code monitor_node(Node, true)}).
     */
    AutoCloseable monitorNode(ProcessRef<?> watcher, String nodeName);

    /** Sends to the process registered locally as {@code name} on node {@code nodeName}: Erlang's {@code {Name, Node} ! Msg}. */
    void send(String nodeName, String name, Object message);

    /** Asks node {@code nodeName} for the process it has registered locally as {@code name}. */
    Optional<ProcessRef<Object>> whereis(String nodeName, String name, Duration timeout);

    /**
     * Monitors a process on another node for {@code watcher}: a {@code dev.actorkit.Down} message arrives
     * once, with the process's exit reason, {@code NOPROC} if it did not exist, or {@code NOCONNECTION} if
     * its node went down first. The Down comes after every message the process sent to this node before it
     * exited. (Until the core accepts remote refs in {@code ctx.monitor}, this is how a process monitors
     * one: see docs/cluster.md.)
     */
    MonitorRef monitor(ProcessRef<?> watcher, ProcessRef<?> remote);

    /**
     * Sends an exit signal to a process on another node, after every message this node sent it before
     * (Erlang's {@code exit(Pid, Reason)}): {@code KILL} kills it, {@code NORMAL} does nothing to it, any
     * other reason kills it unless it traps exits. A process that traps exits receives the {@code Exit} with
     * its own scheduler's system ref as {@code from} until the core can name a remote sender (docs/cluster.md).
     * A signal to a process that is gone, or whose node is not connected, is dropped, as in Erlang.
     */
    void exit(ProcessRef<?> remote, dev.actorkit.ExitReason reason);

    /**
     * Starts a process of a type node {@code nodeName} allows ({@link ClusterConfig.Builder#spawnable}) with
     * {@code args}, an allowed message, and returns its ref once it has started: Erlang's
     * {@code spawn(Node, M, F, A)}. Nothing but the type's name and the arguments crosses.
     *
     * @throws RemoteCallException if the node is not connected or goes down, does not allow that type, cannot
     *                             read the arguments, or its factory failed; the message says which
     * @throws dev.actorkit.CallTimeoutException if the node does not answer within {@code timeout}
     */
    ProcessRef<Object> spawn(String nodeName, String type, Object args, Duration timeout);

    /** Removes a monitor made by {@link #monitor}; true if it had not fired yet. */
    boolean demonitor(MonitorRef ref);

    /** Cluster-wide unique names (Erlang's {@code global}). */
    GlobalNames global();

    /** Process groups (Erlang's {@code pg}). */
    ProcessGroups groups();

    /** Subscribes to remote dead letters; close the handle to stop. */
    AutoCloseable onDeadLetter(Consumer<RemoteDeadLetter> listener);

    /** How many remote dead letters this node has recorded. */
    long deadLetterCount();

    /** Leaves the cluster: the other nodes see this node go down. The scheduler keeps running. */
    @Override
    void close();
}
