package dev.actorkit.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method of a {@link Process} class that runs inside the process before its first message,
 * like gen_server's {@code init/1}. It may take a {@link dev.actorkit.ProcessContext}. {@code spawn}
 * waits for it: if it throws, the start failed and {@code spawn} throws
 * {@link dev.actorkit.ProcessStartException} with the cause.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Init {
}
