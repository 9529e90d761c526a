/**
 * ActorKit's public API: {@link dev.actorkit.Scheduler}, {@link dev.actorkit.ProcessRef},
 * {@link dev.actorkit.ProcessContext} and the messages and exit reasons of OTP's process model.
 */
@NullMarked
package dev.actorkit;

import org.jspecify.annotations.NullMarked;
