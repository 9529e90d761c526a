package dev.actorkit.cluster;

import java.util.Objects;

/**
 * One incarnation of a node: its name and a number that differs each time a node of that name starts,
 * like Erlang's node name and creation. A pid of an earlier incarnation never reaches a later one: it is
 * {@code NOPROC}. Immutable and thread-safe.
 *
 * @param name        the node's name, unique in the cluster (for example {@code "foo"})
 * @param incarnation distinguishes restarts of the node with the same name
 */
public record NodeId(String name, long incarnation) {

    public NodeId {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a node name must not be blank");
        }
    }

    @Override
    public String toString() {
        return name + "#" + incarnation;
    }
}
