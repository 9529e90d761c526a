/** The cluster's implementation: not API. */
@NullMarked
package dev.actorkit.cluster.internal;

import org.jspecify.annotations.NullMarked;
