package dev.actorkit.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method of a {@link Process} class that runs when a per-entity process is passivated: stopped
 * by its dynamic supervisor because it handled no message for the supervisor's idle timeout (Akka's
 * passivation). Save the entity's state there; the next message for its key starts a fresh instance,
 * which loads it again. The method takes no parameters; at most one per class.
 *
 * <p>It runs once the process has stopped, after its last handler, so no handler runs at the same time and
 * the fields are as the last handler left them; it runs on the thread that passivates, not inside the
 * process, so it must not use {@link dev.actorkit.ProcessContext}. It does not run when the process stops
 * for another reason (a crash, {@code stop(key)}, the application's shutdown): use {@link Terminate} with
 * {@code trapExits} for those. An exception it throws is logged; the process is passivated anyway.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Passivate {
}
