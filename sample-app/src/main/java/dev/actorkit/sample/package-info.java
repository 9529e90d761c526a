/**
 * The key-value store of Elixir's "Mix and OTP" guide, in ActorKit terms: {@link dev.actorkit.sample.Bucket}
 * processes under a dynamic supervisor, a {@link dev.actorkit.sample.BucketRegistry} that monitors them, and
 * a TCP server whose acceptor and connections are supervised processes too.
 */
@NullMarked
package dev.actorkit.sample;

import org.jspecify.annotations.NullMarked;
