package dev.actorkit.cluster;

import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;

/**
 * A process type other nodes may start on this node, by name, with arguments that are a message (Erlang's
 * {@code spawn(Node, Module, Function, Args)}: code is never shipped, only the name of code this node
 * already has). Register it with {@link ClusterConfig.Builder#spawnable}. It may start the process under a
 * supervisor of this node (a {@code DynamicSupervisor} child, say) and return that ref. Called on cluster
 * threads, possibly for several requests at once: implementations must be thread-safe.
 */
@FunctionalInterface
public interface RemoteSpawnable {

    /**
     * Starts the process on this node. Runs on a cluster thread: start, do not wait for work.
     *
     * @param scheduler this node's scheduler
     * @param args      the arguments the caller sent, an allowed message
     * @return the started process
     */
    ProcessRef<?> start(Scheduler scheduler, Object args);
}
