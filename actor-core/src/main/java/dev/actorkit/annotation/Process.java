package dev.actorkit.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose instances run as processes: its {@link Receive} methods handle the messages of
 * its mailbox one at a time, so its fields need no synchronization. Start one with
 * {@code scheduler.spawn(Counter::new)}; each spawn (and each restart) uses a fresh instance.
 *
 * <pre>{@code
 * @Process
 * class Counter {
 *     private int count;
 *     @Receive void on(Increment m) { count += m.by(); }
 *     @Receive int on(Get m) { return count; }     // the reply to call(new Get())
 * }
 * }</pre>
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface Process {

    /**
     * Whether exit signals from links arrive as {@link dev.actorkit.Exit} messages (to a {@code @Receive}
     * method for {@code Exit}) instead of stopping the process. An {@code Exit} from the process's parent
     * still stops it, after {@link Terminate}, as in gen_server: the parent is the process that spawned it
     * or, for a process spawned from a plain thread, the scheduler's system ref (so {@code close()}).
     */
    boolean trapExits() default false;

    /**
     * Runs the handlers on virtual threads instead of the scheduler's pool, for handlers that block
     * (I/O, locks, sleeps). Still one message at a time.
     */
    boolean blocking() default false;
}
