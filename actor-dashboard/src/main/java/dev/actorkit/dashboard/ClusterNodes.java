package dev.actorkit.dashboard;

import dev.actorkit.cluster.Cluster;
import dev.actorkit.cluster.NodeId;
import java.util.ArrayList;
import java.util.List;

/**
 * The Nodes view's members from an {@code actor-cluster} {@link Cluster}: this node and the nodes
 * connected to it now. The cluster reports only connected nodes (a node that is down has left the list),
 * so each shows as {@code up}.
 *
 * <p>Thread-safety: stateless; {@link Cluster#nodes()} is safe from any thread.
 */
final class ClusterNodes implements NodeSource {

    private final Cluster cluster;

    ClusterNodes(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public List<NodeSummary> nodes() {
        NodeId self = cluster.self();
        List<NodeSummary> nodes = new ArrayList<>();
        nodes.add(new NodeSummary(self.name(), self.incarnation(), "up", true));
        for (NodeId node : cluster.nodes()) {
            nodes.add(new NodeSummary(node.name(), node.incarnation(), "up", false));
        }
        return nodes;
    }
}
