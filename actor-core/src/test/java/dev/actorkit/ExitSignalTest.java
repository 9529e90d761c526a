package dev.actorkit;

import static dev.actorkit.Await.exitReasonOf;
import static dev.actorkit.ExitReason.KILL;
import static dev.actorkit.ExitReason.KILLED;
import static dev.actorkit.ExitReason.NORMAL;
import static dev.actorkit.Puppet.ask;
import static dev.actorkit.Puppet.order;
import static dev.actorkit.Puppet.perform;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Exit signals and exits ({@code exit/1}, {@code exit/2}), as OTP's process_SUITE tests them. */
@Timeout(30)
class ExitSignalTest {

    @RegisterExtension
    final SchedulerExtension schedulerExtension = new SchedulerExtension(Duration.ofMillis(100));
    private final Scheduler scheduler = schedulerExtension.scheduler();

    // ---- exit(other, NORMAL), exit(self, NORMAL) ----

    @Test
    void exitWithNormalToAnotherNonTrappingProcessDoesNothing() throws Exception {
        ProcessRef<Object> target = Puppet.spawn(scheduler);
        ProcessRef<Object> sender = Puppet.spawn(scheduler);

        // The signal and the message after it come from one sender, so the target handles the signal first.
        CompletableFuture<Object> answer = perform(sender, ctx -> {
            ctx.exit(target, NORMAL);
            return ask(target, c -> "still here");
        });

        assertThat(answer.get(5, SECONDS)).isEqualTo("still here");
        assertThat(target.isAlive()).isTrue();
    }

    @Test
    void exitWithNormalFromOutsideAnyProcessDoesNothingToANonTrappingProcess() throws Exception {
        ProcessRef<Object> target = Puppet.spawn(scheduler);

        scheduler.exit(target, NORMAL);

        assertThat((Object) perform(target, ctx -> "still here")).isEqualTo("still here");
        assertThat(target.isAlive()).isTrue();
    }

    @Test
    void exitWithNormalToSelfTerminatesTheProcessWithNormal() throws Exception {
        ProcessRef<Object> p = Puppet.spawn(scheduler);

        order(p, ctx -> {
            ctx.exit(ctx.self(), NORMAL);
            return ctx.receive(); // blocks for ever unless the process has exited
        });

        assertThat(exitReasonOf(p)).isEqualTo(NORMAL);
    }

    @Test
    void trappingProcessThatSendsNormalExitToItselfReceivesAnExitMessage() throws Exception {
        Inbox out = Inbox.started(scheduler);
        ProcessRef<Object> trapper = Puppet.spawnTrapping(scheduler, out);

        perform(trapper, ctx -> {
            ctx.exit(ctx.self(), NORMAL);
            return null;
        });

        assertThat(out.next()).isEqualTo(new Exit(trapper, NORMAL));
        assertThat(trapper.isAlive()).isTrue();
    }

    // ---- suicide: ctx.exit(reason) ----

    @Test
    void processThatCallsExitWithNormalTerminatesWithNormalAndRunsNoFurther() throws Exception {
        Inbox inbox = Inbox.started(scheduler);
        ProcessRef<Object> p = Puppet.spawn(scheduler);
        perform(p, ctx -> {
            ctx.link(inbox.ref());
            return null;
        });

        order(p, ctx -> {
            ctx.exit(NORMAL);
            inbox.ref().send("after exit");
            return null;
        });

        assertThat(inbox.next()).isEqualTo(new Exit(p, NORMAL));
        assertThat(exitReasonOf(p)).isEqualTo(NORMAL);
    }

    @Test
    void processThatCallsExitWithAnAbnormalReasonTerminatesWithThatReasonAndRunsNoFurther() throws Exception {
        Inbox inbox = Inbox.started(scheduler);
        ProcessRef<Object> p = Puppet.spawn(scheduler);
        perform(p, ctx -> {
            ctx.link(inbox.ref());
            return null;
        });

        order(p, ctx -> {
            ctx.exit(ExitReason.of("suicide"));
            inbox.ref().send("after exit");
            return null;
        });

        assertThat(inbox.next()).isEqualTo(new Exit(p, ExitReason.of("suicide")));
        assertThat(exitReasonOf(p)).isEqualTo(ExitReason.of("suicide"));
    }

    @Test
    void trappingProcessTerminatesWhenItCallsExit() throws Exception {
        ProcessRef<Object> trapper = Puppet.spawnTrapping(scheduler);

        order(trapper, ctx -> {
            ctx.exit(ExitReason.of("bye"));
            return null;
        });

        assertThat(exitReasonOf(trapper)).isEqualTo(ExitReason.of("bye"));
    }

    @Test
    void exitThrowsProcessTerminatedExceptionCarryingTheReason() throws Exception {
        ProcessRef<Object> p = Puppet.spawn(scheduler);
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();

        order(p, ctx -> {
            try {
                ctx.exit(ExitReason.of("bye"));
            } catch (Throwable t) {
                thrown.complete(t);
                throw t;
            }
            return null;
        });

        assertThat(thrown.get(5, SECONDS)).isInstanceOfSatisfying(ProcessTerminatedException.class,
                e -> assertThat(e.reason()).isEqualTo(ExitReason.of("bye")));
        assertThat(exitReasonOf(p)).isEqualTo(ExitReason.of("bye"));
    }

    // ---- exit twice: the first reason wins ----

    @Test
    void secondExitSignalToAnExitingProcessHasNoEffect() throws Exception {
        Inbox inbox = Inbox.started(scheduler);
        ProcessRef<Object> p = Puppet.spawn(scheduler);
        perform(p, ctx -> {
            ctx.link(inbox.ref());
            return null;
        });

        scheduler.exit(p, ExitReason.of("first"));
        scheduler.exit(p, ExitReason.of("second"));

        assertThat(exitReasonOf(p)).isEqualTo(ExitReason.of("first"));
        assertThat(inbox.next()).isEqualTo(new Exit(p, ExitReason.of("first")));
        scheduler.exit(p, KILL);
        inbox.expectNothing(Duration.ofMillis(150));
        assertThat(p.termination().getNow(null)).isEqualTo(ExitReason.of("first"));
        assertThat(p.isAlive()).isFalse();
    }

    @Test
    void processThatCatchesItsOwnExitCannotExitAgainWithAnotherReason() throws Exception {
        Inbox inbox = Inbox.started(scheduler);
        ProcessRef<Object> p = Puppet.spawn(scheduler);
        perform(p, ctx -> {
            ctx.link(inbox.ref());
            return null;
        });
        CompletableFuture<ExitReason> firstCaught = new CompletableFuture<>();
        CompletableFuture<ExitReason> secondCaught = new CompletableFuture<>();

        order(p, ctx -> {
            try {
                ctx.exit(ExitReason.of("first"));
            } catch (ProcessTerminatedException e) {
                firstCaught.complete(e.reason());
            }
            try {
                ctx.exit(ExitReason.of("second"));
            } catch (ProcessTerminatedException e) {
                secondCaught.complete(e.reason());
            }
            throw new IllegalStateException("thrown after death");
        });

        assertThat(exitReasonOf(p)).isEqualTo(ExitReason.of("first"));
        assertThat(firstCaught.get(5, SECONDS)).isEqualTo(ExitReason.of("first"));
        assertThat(secondCaught.get(5, SECONDS)).isEqualTo(ExitReason.of("first"));
        assertThat(inbox.next()).isEqualTo(new Exit(p, ExitReason.of("first")));
        inbox.expectNothing(Duration.ofMillis(150));
    }

    // ---- KILL ----

    @Test
    void killSignalFromOutsideAnyProcessKillsATrappingProcessWithKilled() throws Exception {
        ProcessRef<Object> trapper = Puppet.spawnTrapping(scheduler);

        scheduler.exit(trapper, KILL);

        assertThat(exitReasonOf(trapper)).isEqualTo(KILLED);
        assertThat(trapper.isAlive()).isFalse();
    }

    @Test
    void killSignalFromAProcessKillsATrappingProcessWithKilled() throws Exception {
        Inbox out = Inbox.started(scheduler);
        ProcessRef<Object> trapper = Puppet.spawnTrapping(scheduler, out);
        ProcessRef<Object> killer = Puppet.spawn(scheduler);

        perform(killer, ctx -> {
            ctx.exit(trapper, KILL);
            return null;
        });

        assertThat(exitReasonOf(trapper)).isEqualTo(KILLED);
        out.expectNothing(Duration.ofMillis(100));
        assertThat(killer.isAlive()).as("exit/2 is not a link: the sender is not affected").isTrue();
    }

    // ---- exit(target, reason) ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.actorkit.ExitReasonSamples#all")
    void trappingTargetReceivesExitFromTheSenderWithTheSignalReason(ExitReason reason) throws Exception {
        Inbox out = Inbox.started(scheduler);
        ProcessRef<Object> trapper = Puppet.spawnTrapping(scheduler, out);
        ProcessRef<Object> sender = Puppet.spawn(scheduler);

        perform(sender, ctx -> {
            ctx.exit(trapper, reason);
            return null;
        });

        assertThat(out.next()).isEqualTo(new Exit(sender, reason));
        assertThat(trapper.isAlive()).isTrue();
    }

    @Test
    void trappingTargetReceivesExitFromTheSystemRefForASignalSentFromOutsideAnyProcess() throws Exception {
        Inbox out = Inbox.started(scheduler);
        ProcessRef<Object> trapper = Puppet.spawnTrapping(scheduler, out);

        scheduler.exit(trapper, ExitReason.of("from outside"));

        assertThat(out.next()).isEqualTo(new Exit(scheduler.systemRef(), ExitReason.of("from outside")));
        assertThat(trapper.isAlive()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.actorkit.ExitReasonSamples#abnormal")
    void nonTrappingTargetExitsWithTheReasonOfAnAbnormalExitSignal(ExitReason reason) throws Exception {
        ProcessRef<Object> target = Puppet.spawn(scheduler);
        ProcessRef<Object> sender = Puppet.spawn(scheduler);

        perform(sender, ctx -> {
            ctx.exit(target, reason);
            return null;
        });

        assertThat(exitReasonOf(target)).isEqualTo(reason);
        assertThat((Object) perform(sender, ctx -> "sender unaffected")).isEqualTo("sender unaffected");
    }

    // ---- how a body ends ----

    @Test
    void bodyThatReturnsExitsNormal() throws Exception {
        ProcessRef<Object> p = scheduler.spawn(ctx -> { });

        assertThat(exitReasonOf(p)).isEqualTo(NORMAL);
        assertThat(p.isAlive()).isFalse();
    }

    @Test
    void bodyThatThrowsExitsWithErrorCarryingThatException() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");

        ProcessRef<Object> p = scheduler.spawn(ctx -> {
            throw boom;
        });

        ExitReason reason = exitReasonOf(p);
        assertThat(reason).isEqualTo(ExitReason.error(boom));
        assertThat(reason).isInstanceOfSatisfying(ExitReason.Error.class, e -> assertThat(e.cause()).isSameAs(boom));
    }

    @Test
    void bodyThatThrowsACheckedExceptionExitsWithErrorCarryingThatException() throws Exception {
        IOException boom = new IOException("disk on fire");

        ProcessRef<Object> p = scheduler.spawn(ctx -> {
            throw boom;
        });

        assertThat(exitReasonOf(p)).isEqualTo(ExitReason.error(boom));
    }

    // ---- after death ----

    @Test
    void sendsOfAKilledProcessAfterItsDeathAreNotVisible() throws Exception {
        Inbox out = Inbox.started(scheduler);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        CompletableFuture<Throwable> receiveAfterDeath = new CompletableFuture<>();

        ProcessRef<Object> p = scheduler.spawn(ctx -> {
            out.ref().send("before death");
            gate.join(); // plain Java, not a runtime call: the process is killed while it waits here
            try {
                out.ref().send("after death");
            } catch (RuntimeException ignored) {
                // a dead process may be told so by an exception; either way nothing must arrive
            }
            try {
                ctx.receive(Duration.ZERO);
                receiveAfterDeath.complete(null);
            } catch (Throwable t) {
                receiveAfterDeath.complete(t);
                throw t;
            }
        });
        assertThat(out.next()).isEqualTo("before death");

        scheduler.exit(p, KILL);
        assertThat(exitReasonOf(p)).isEqualTo(KILLED);
        gate.complete(null);

        assertThat(receiveAfterDeath.get(5, SECONDS)).isInstanceOfSatisfying(ProcessTerminatedException.class,
                e -> assertThat(e.reason()).isEqualTo(KILLED));
        out.expectNothing(Duration.ofMillis(150));
        assertThat(p.termination().getNow(null)).isEqualTo(KILLED);
    }

    // ---- helpers ----
}
