/**
 * The runtime behind the API: not part of it. Nothing outside actor-core may use these classes.
 */
@NullMarked
package dev.actorkit.internal;

import org.jspecify.annotations.NullMarked;
