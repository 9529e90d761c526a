package dev.actorkit.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method of a {@link Process} class that runs inside the process when it stops by its own
 * doing, like gen_server's {@code terminate/2}: a handler threw, it called
 * {@link dev.actorkit.ProcessContext#exit(dev.actorkit.ExitReason)}, or — when it traps exits — its
 * parent told it to stop. It may take the {@link dev.actorkit.ExitReason} and a
 * {@link dev.actorkit.ProcessContext}. As in OTP it does not run when the process is killed from
 * outside without trapping exits.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Terminate {
}
