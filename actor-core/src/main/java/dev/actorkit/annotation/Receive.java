package dev.actorkit.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link Process} class that handles messages of its parameter's type. The handler
 * for a message is chosen by the message's runtime type: the most specific parameter type wins, and a
 * handler for {@code Object} takes whatever no other handler does.
 *
 * <p>The first parameter is the message. Optional further parameters: a
 * {@link dev.actorkit.ProcessContext}, and a {@link dev.actorkit.Reply} to answer a call later. The
 * return value is the reply to a {@code call} (a {@code void} handler replies {@code null} once it has
 * run); to a plain {@code send} it is ignored. The method may not be private.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Receive {
}
