/**
 * Elixir's {@code Registry}: a local, concurrent key-process store with unique or duplicate keys,
 * whose entries are removed when their owner exits. Start with {@link dev.actorkit.registry.Registry}.
 */
@NullMarked
package dev.actorkit.registry;

import org.jspecify.annotations.NullMarked;
