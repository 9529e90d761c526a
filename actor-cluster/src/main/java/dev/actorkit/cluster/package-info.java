/** Nodes, remote process refs, cluster-wide names and process groups, on JGroups. */
@NullMarked
package dev.actorkit.cluster;

import org.jspecify.annotations.NullMarked;
