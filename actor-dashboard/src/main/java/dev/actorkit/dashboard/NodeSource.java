package dev.actorkit.dashboard;

import java.util.List;

/**
 * Where the Nodes view gets the cluster's members: a bean of this type. The dashboard provides one itself
 * for an {@code actor-cluster} {@code Cluster} bean; without any, the view says that the application runs
 * on a single node.
 *
 * <p>Thread-safety: implementations must be thread-safe; the dashboard calls {@link #nodes()} from its
 * own thread about once a second while a page shows the Nodes view.
 */
public interface NodeSource {

    /** The members known now, this node included. */
    List<NodeSummary> nodes();
}
