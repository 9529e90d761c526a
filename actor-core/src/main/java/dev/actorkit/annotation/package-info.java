/**
 * Annotations that turn a class into a mailbox-driven process: {@link dev.actorkit.annotation.Process},
 * {@link dev.actorkit.annotation.Receive}, {@link dev.actorkit.annotation.Init} and
 * {@link dev.actorkit.annotation.Terminate}.
 */
@NullMarked
package dev.actorkit.annotation;

import org.jspecify.annotations.NullMarked;
