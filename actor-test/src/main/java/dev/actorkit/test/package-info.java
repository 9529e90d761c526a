/**
 * The ActorKit test kit: {@link dev.actorkit.test.TestProbe}, a process driven from a test that
 * expects messages, exit signals and {@code Down}s, and {@link dev.actorkit.test.ProcessAwait}, helpers
 * that wait for a process's death or a supervised child's restart. Failures are {@link AssertionError}s
 * that say what was expected, within what time, and what arrived instead.
 */
@NullMarked
package dev.actorkit.test;

import org.jspecify.annotations.NullMarked;
