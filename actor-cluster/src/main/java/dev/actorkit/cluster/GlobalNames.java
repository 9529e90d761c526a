package dev.actorkit.cluster;

import dev.actorkit.ProcessRef;
import java.util.Optional;
import java.util.Set;

/**
 * Cluster-wide unique names, as Erlang's {@code global}. Registrations are ordered by one node (the
 * oldest member of the partition), so within a partition the first registration of a name wins. Reads
 * are local and never block. A name goes away when its process exits or its node goes down. When two
 * partitions that both registered a name merge, the registration on the node whose name sorts first
 * keeps it; the other process is sent an exit signal with a {@link NameConflict} reason and a warning is
 * logged. Thread-safe.
 */
public interface GlobalNames {

    /**
     * Registers {@code ref}, a process of this node, under {@code name}; blocks until the registration is
     * ordered. Returns false if the name is taken (Erlang's {@code no}).
     */
    boolean register(String name, ProcessRef<?> ref);

    /** The process registered as {@code name}, as this node knows it now. */
    Optional<ProcessRef<Object>> whereis(String name);

    /** Removes the name if this node's process holds it; true if it did. */
    boolean unregister(String name);

    /** Sends to the process registered as {@code name}. @throws dev.actorkit.NoProcessException if none is */
    void send(String name, Object message);

    /** The names known now. */
    Set<String> registered();

    /**
     * The exit reason of a process that lost its global name when partitions merged. Immutable.
     *
     * @param name   the name both held
     * @param winner the node whose process kept it
     */
    record NameConflict(String name, String winner) {
        @Override
        public String toString() {
            return "{global_name_conflict, " + name + ", kept by node " + winner + "}";
        }
    }
}
