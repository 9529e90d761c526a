package dev.actorkit.cluster;

import java.util.Objects;

/**
 * A change in the set of connected nodes, as Erlang's {@code {nodeup, Node}} and {@code {nodedown, Node}}.
 * Delivered as a message to processes that called {@link Cluster#monitorNodes}. Immutable.
 */
public sealed interface NodeEvent permits NodeEvent.NodeUp, NodeEvent.NodeDown {

    /** The node the event is about. */
    NodeId node();

    /** The node joined this node's view and answered its greeting. */
    record NodeUp(NodeId node) implements NodeEvent {
        public NodeUp {
            Objects.requireNonNull(node, "node");
        }
    }

    /**
     * The node left this node's view: it stopped, crashed, hung past the failure-detection timeout, or a
     * partition cut it off. Every call to it has failed and every watch on its processes has fired.
     *
     * @param why a short human-readable explanation
     */
    record NodeDown(NodeId node, String why) implements NodeEvent {
        public NodeDown {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(why, "why");
        }
    }
}
