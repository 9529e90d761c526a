/** The chaos test: random crashes under load, and the accounting of every message. */
@NullMarked
package dev.actorkit.chaos;

import org.jspecify.annotations.NullMarked;
