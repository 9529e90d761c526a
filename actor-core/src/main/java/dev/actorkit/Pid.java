package dev.actorkit;

/**
 * The identity of one process incarnation, printed like Erlang's {@code <0.137.0>}:
 * node, process number, serial. Immutable and thread-safe.
 *
 * @param node   the node the process lives on; {@code 0} is the local node
 * @param id     the process number, unique per node and scheduler
 * @param serial reserved for wrap-around of {@code id}, as in Erlang; {@code 0} today
 */
public record Pid(int node, long id, int serial) implements Comparable<Pid> {

    @Override
    public int compareTo(Pid other) {
        int byNode = Integer.compare(node, other.node);
        if (byNode != 0) {
            return byNode;
        }
        int byId = Long.compare(id, other.id);
        return byId != 0 ? byId : Integer.compare(serial, other.serial);
    }

    @Override
    public String toString() {
        return "<" + node + "." + id + "." + serial + ">";
    }
}
