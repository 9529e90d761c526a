package dev.actorkit.autoconfigure;

import dev.actorkit.Exit;
import dev.actorkit.ExitReason;
import dev.actorkit.ProcessContext;
import dev.actorkit.ProcessRef;
import dev.actorkit.annotation.Init;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import dev.actorkit.annotation.Terminate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A supervisor declared as the child of another one. It runs the nested supervisor (static or dynamic)
 * linked to itself, started by a function of the tree that also takes the supervisor's handle, which
 * the tree needs to reach the nested children (a nested {@code ChildSpec.supervisor} offers no handle).
 * It starts the nested supervisor in {@code @Init}, so the parent waits for the whole subtree before its next child, as in
 * OTP; when the parent stops it, {@code @Terminate} stops the subtree in reverse order; when the
 * nested supervisor gives up, this exits with the same reason, so the parent restarts the subtree or
 * gives up in turn.
 *
 * <p>Concurrency: a process; its fields are confined to it.
 */
@Process(trapExits = true, blocking = true)
final class NestedSupervisor {

    /** A nested supervisor that has started: its process, and how to stop it and wait for that. */
    record Started(ProcessRef<Object> ref, Runnable stop) {
    }

    private final Supplier<Started> start;
    private @Nullable Started supervisor;

    /** {@code start} starts the nested supervisor linked to the calling process, this one. */
    NestedSupervisor(Supplier<Started> start) {
        this.start = start;
    }

    @Init
    void init(ProcessContext ctx) {
        supervisor = start.get();
    }

    /** Exits from the nested supervisor (it gave up) end this incarnation with its reason. */
    @Receive
    void on(Exit exit, ProcessContext ctx) {
        Started nested = supervisor;
        if (nested != null && exit.from().equals(nested.ref())) {
            supervisor = null;
            ctx.exit(exit.reason());
        }
    }

    /** Stops the subtree, unlinked first: its end is awaited here, so its exit signal is not needed. */
    @Terminate
    void terminate(ProcessContext ctx, ExitReason reason) {
        Started nested = supervisor;
        if (nested != null && nested.ref().isAlive()) {
            ctx.unlink(nested.ref());
            nested.stop().run();
        }
    }
}
