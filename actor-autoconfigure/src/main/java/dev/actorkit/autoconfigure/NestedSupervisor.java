package dev.actorkit.autoconfigure;

import dev.actorkit.Exit;
import dev.actorkit.ExitReason;
import dev.actorkit.ProcessContext;
import dev.actorkit.annotation.Init;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import dev.actorkit.annotation.Terminate;
import dev.actorkit.supervisor.Supervisor;
import dev.actorkit.supervisor.SupervisorSpec;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A supervisor declared as the child of another one. It runs the nested supervisor linked to itself
 * and hands its {@link Supervisor} handle to the tree, which needs it to reach the nested children's
 * stable refs (a nested {@code ChildSpec.supervisor} offers no handle). It starts the nested
 * supervisor in {@code @Init}, so the parent waits for the whole subtree before its next child, as in
 * OTP; when the parent stops it, {@code @Terminate} stops the subtree in reverse order; when the
 * nested supervisor gives up, this exits with the same reason, so the parent restarts the subtree or
 * gives up in turn.
 *
 * <p>Concurrency: a process; its fields are confined to it.
 */
@Process(trapExits = true, blocking = true)
final class NestedSupervisor {

    private final SupervisorSpec spec;
    private final Consumer<Supervisor> started;
    private @Nullable Supervisor supervisor;

    NestedSupervisor(SupervisorSpec spec, Consumer<Supervisor> started) {
        this.spec = spec;
        this.started = started;
    }

    @Init
    void init(ProcessContext ctx) {
        Supervisor nested = Supervisor.startLink(spec);
        supervisor = nested;
        started.accept(nested);
    }

    /** Exits from the nested supervisor (it gave up) end this incarnation with its reason. */
    @Receive
    void on(Exit exit, ProcessContext ctx) {
        Supervisor nested = supervisor;
        if (nested != null && exit.from().equals(nested.ref())) {
            supervisor = null;
            ctx.exit(exit.reason());
        }
    }

    /** Stops the subtree, unlinked first: its end is awaited here, so its exit signal is not needed. */
    @Terminate
    void terminate(ProcessContext ctx, ExitReason reason) {
        Supervisor nested = supervisor;
        if (nested != null && nested.ref().isAlive()) {
            ctx.unlink(nested.ref());
            nested.stop();
        }
    }
}
