package dev.actorkit.dashboard;

/**
 * One member of a cluster as the Nodes view shows it.
 *
 * @param name        the node's name
 * @param incarnation its incarnation (a restarted node has a new one)
 * @param status      its state as its cluster module reports it, such as {@code up}, {@code suspected} or {@code down}
 * @param self        whether it is the node serving this page
 */
public record NodeSummary(String name, long incarnation, String status, boolean self) {
}
