package dev.actorkit;

import static java.util.concurrent.TimeUnit.SECONDS;

import java.util.concurrent.CompletableFuture;

/**
 * A process the test drives from outside, for tests of what a process does to itself and to others
 * (links, monitors, exits). The test sends it code ({@link #perform}, {@link #order}, {@link #ask}),
 * which it runs inside its own process, so {@code ctx.link}, {@code ctx.exit}, {@code ctx.receive}
 * and the like act as the puppet. Every other message it receives, such as an {@link Exit} or a
 * {@link Down}, it forwards to an {@link Inbox} the test reads, when it was given one.
 *
 * <p>Code that throws ends the puppet with that exception, as it would any process. The spawn
 * methods return once the puppet runs and, for a trapping one, traps exits.
 */
final class Puppet {

    /** Code a puppet runs inside its process; the result goes back to the test. */
    @FunctionalInterface
    interface Action {
        Object run(ProcessContext ctx) throws Exception;
    }

    /** The message that makes a puppet run an action and complete {@code result} with its outcome. */
    private record Do(Action action, CompletableFuture<Object> result) { }

    private Puppet() {
    }

    /** A puppet that does not trap exits and drops the messages it does not run. */
    static ProcessRef<Object> spawn(Scheduler scheduler) throws Exception {
        return spawn(scheduler, false, null);
    }

    /** A puppet that does not trap exits and forwards the messages it does not run to {@code out}. */
    static ProcessRef<Object> spawn(Scheduler scheduler, Inbox out) throws Exception {
        return spawn(scheduler, false, out);
    }

    /** A puppet that traps exits and drops the messages it does not run, {@link Exit}s included. */
    static ProcessRef<Object> spawnTrapping(Scheduler scheduler) throws Exception {
        return spawn(scheduler, true, null);
    }

    /** A puppet that traps exits and forwards the messages it does not run, {@link Exit}s included, to {@code out}. */
    static ProcessRef<Object> spawnTrapping(Scheduler scheduler, Inbox out) throws Exception {
        return spawn(scheduler, true, out);
    }

    private static ProcessRef<Object> spawn(Scheduler scheduler, boolean trapExits, Inbox out) throws Exception {
        ProcessRef<Object> puppet = scheduler.spawn(ctx -> {
            ctx.trapExits(trapExits);
            while (true) {
                Object message = ctx.receive();
                if (message instanceof Do command) {
                    try {
                        command.result().complete(command.action().run(ctx));
                    } catch (Exception | Error e) {
                        command.result().completeExceptionally(e);
                        throw e;
                    }
                } else if (out != null) {
                    out.ref().send(message);
                }
            }
        });
        perform(puppet, ctx -> null);
        return puppet;
    }

    /** Runs {@code action} inside {@code puppet} and returns its result, waiting up to five seconds. */
    @SuppressWarnings("unchecked")
    static <T> T perform(ProcessRef<Object> puppet, Action action) throws Exception {
        return (T) ask(puppet, action).get(5, SECONDS);
    }

    /** Makes {@code puppet} run {@code action}, without waiting. */
    static void order(ProcessRef<Object> puppet, Action action) {
        ask(puppet, action);
    }

    /**
     * Makes {@code puppet} run {@code action}, without waiting; the future completes with the result.
     * Sent from inside a process, the request comes from that process, ordered after what it sent before.
     */
    static CompletableFuture<Object> ask(ProcessRef<Object> puppet, Action action) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        puppet.send(new Do(action, result));
        return result;
    }
}
