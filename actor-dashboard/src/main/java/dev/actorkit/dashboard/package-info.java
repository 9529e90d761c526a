/**
 * The live dashboard: a page in a Spring MVC application that shows the supervision tree, the
 * processes, the scheduler and the dead letters as they change, over server-sent events.
 */
@NullMarked
package dev.actorkit.dashboard;

import org.jspecify.annotations.NullMarked;
