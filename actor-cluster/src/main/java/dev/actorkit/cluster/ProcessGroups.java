package dev.actorkit.cluster;

import dev.actorkit.ProcessRef;
import java.util.List;
import java.util.Set;

/**
 * Process groups across the cluster, as Erlang's {@code pg}: any process of this node may join any group
 * (several times); members are known everywhere, eventually; a member leaves when it exits, and a node's
 * members vanish when the node goes down. Reads are local. Thread-safe.
 */
public interface ProcessGroups {

    /** Adds {@code ref}, a process of this node, to {@code group}. */
    void join(String group, ProcessRef<?> ref);

    /** Removes one membership of {@code ref} in {@code group}; true if it was a member. */
    boolean leave(String group, ProcessRef<?> ref);

    /** The members of {@code group} on every connected node, as this node knows them now. */
    List<ProcessRef<Object>> members(String group);

    /** The members of {@code group} on this node. */
    List<ProcessRef<Object>> localMembers(String group);

    /** The groups with at least one member known here. */
    Set<String> groups();
}
