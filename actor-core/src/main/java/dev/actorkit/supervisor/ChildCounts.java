package dev.actorkit.supervisor;

/**
 * {@code count_children}: a snapshot. Immutable.
 *
 * @param specs       child specs held
 * @param active      children with a live incarnation
 * @param supervisors children that are supervisors
 * @param workers     children that are workers
 */
public record ChildCounts(int specs, int active, int supervisors, int workers) {
}
