package dev.actorkit;

import static dev.actorkit.ExitReason.KILL;
import static dev.actorkit.ExitReason.KILLED;
import static dev.actorkit.ExitReason.NORMAL;
import static dev.actorkit.ExitReason.SHUTDOWN;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Exit signals and exits ({@code exit/1}, {@code exit/2}), as OTP's process_SUITE tests them. */
@Timeout(30)
class ExitSignalTest {

    private Scheduler scheduler;

    @BeforeEach
    void startScheduler() {
        scheduler = Scheduler.create();
    }

    @AfterEach
    void closeScheduler() {
        scheduler.close(Duration.ofMillis(100));
    }

    static Stream<ExitReason> abnormalReasons() {
        return Stream.of(SHUTDOWN, ExitReason.shutdown("detail"), ExitReason.error(new IllegalStateException("boom")),
                ExitReason.of("boom"), KILLED);
    }

    static Stream<ExitReason> allReasons() {
        return Stream.concat(Stream.of(NORMAL), abnormalReasons());
    }

    // ---- exit(other, NORMAL), exit(self, NORMAL) ----

    @Test
    void exitWithNormalToAnotherNonTrappingProcessDoesNothing() throws Exception {
        ProcessRef<Object> target = spawnPuppet();
        ProcessRef<Object> sender = spawnPuppet();
        CompletableFuture<Object> answer = new CompletableFuture<>();

        // The signal and the message after it come from one sender, so the target handles the signal first.
        perform(sender, ctx -> {
            ctx.exit(target, NORMAL);
            target.send(new Do(c -> "still here", answer));
            return null;
        });

        assertThat(answer.get(5, SECONDS)).isEqualTo("still here");
        assertThat(target.isAlive()).isTrue();
    }

    @Test
    void exitWithNormalFromOutsideAnyProcessDoesNothingToANonTrappingProcess() throws Exception {
        ProcessRef<Object> target = spawnPuppet();

        scheduler.exit(target, NORMAL);

        assertThat((Object) perform(target, ctx -> "still here")).isEqualTo("still here");
        assertThat(target.isAlive()).isTrue();
    }

    @Test
    void exitWithNormalToSelfTerminatesTheProcessWithNormal() throws Exception {
        ProcessRef<Object> p = spawnPuppet();

        order(p, ctx -> {
            ctx.exit(ctx.self(), NORMAL);
            return ctx.receive(); // blocks for ever unless the process has exited
        });

        assertThat(exitReasonOf(p)).isEqualTo(NORMAL);
    }

    @Test
    void trappingProcessThatSendsNormalExitToItselfReceivesAnExitMessage() throws Exception {
        Inbox out = newInbox();
        ProcessRef<Object> trapper = spawnPuppet(true, out);

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
        Inbox inbox = newInbox();
        ProcessRef<Object> p = spawnPuppet();
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
        Inbox inbox = newInbox();
        ProcessRef<Object> p = spawnPuppet();
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
        ProcessRef<Object> trapper = spawnPuppet(true, null);

        order(trapper, ctx -> {
            ctx.exit(ExitReason.of("bye"));
            return null;
        });

        assertThat(exitReasonOf(trapper)).isEqualTo(ExitReason.of("bye"));
    }

    @Test
    void exitThrowsProcessTerminatedExceptionCarryingTheReason() throws Exception {
        ProcessRef<Object> p = spawnPuppet();
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
        Inbox inbox = newInbox();
        ProcessRef<Object> p = spawnPuppet();
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
        Inbox inbox = newInbox();
        ProcessRef<Object> p = spawnPuppet();
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
        ProcessRef<Object> trapper = spawnPuppet(true, null);

        scheduler.exit(trapper, KILL);

        assertThat(exitReasonOf(trapper)).isEqualTo(KILLED);
        assertThat(trapper.isAlive()).isFalse();
    }

    @Test
    void killSignalFromAProcessKillsATrappingProcessWithKilled() throws Exception {
        Inbox out = newInbox();
        ProcessRef<Object> trapper = spawnPuppet(true, out);
        ProcessRef<Object> killer = spawnPuppet();

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
    @MethodSource("allReasons")
    void trappingTargetReceivesExitFromTheSenderWithTheSignalReason(ExitReason reason) throws Exception {
        Inbox out = newInbox();
        ProcessRef<Object> trapper = spawnPuppet(true, out);
        ProcessRef<Object> sender = spawnPuppet();

        perform(sender, ctx -> {
            ctx.exit(trapper, reason);
            return null;
        });

        assertThat(out.next()).isEqualTo(new Exit(sender, reason));
        assertThat(trapper.isAlive()).isTrue();
    }

    @Test
    void trappingTargetReceivesExitFromTheSystemRefForASignalSentFromOutsideAnyProcess() throws Exception {
        Inbox out = newInbox();
        ProcessRef<Object> trapper = spawnPuppet(true, out);

        scheduler.exit(trapper, ExitReason.of("from outside"));

        assertThat(out.next()).isEqualTo(new Exit(scheduler.systemRef(), ExitReason.of("from outside")));
        assertThat(trapper.isAlive()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("abnormalReasons")
    void nonTrappingTargetExitsWithTheReasonOfAnAbnormalExitSignal(ExitReason reason) throws Exception {
        ProcessRef<Object> target = spawnPuppet();
        ProcessRef<Object> sender = spawnPuppet();

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
        Inbox out = newInbox();
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

    /** Something a puppet runs inside its process; its result goes back to the test. */
    @FunctionalInterface
    interface Action {
        Object run(ProcessContext ctx) throws Exception;
    }

    /** The message that makes a puppet run an action. */
    record Do(Action action, CompletableFuture<Object> result) { }

    /** A non-trapping puppet that forwards nothing. */
    private ProcessRef<Object> spawnPuppet() throws Exception {
        return spawnPuppet(false, null);
    }

    /**
     * A process that runs the actions it is sent ({@link Do}) and forwards every other message to
     * {@code out} (when not null). Returns once the process runs and has set its trap-exit flag.
     */
    private ProcessRef<Object> spawnPuppet(boolean trapExits, Inbox out) throws Exception {
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

    /** Runs {@code action} inside {@code puppet} and returns its result. */
    @SuppressWarnings("unchecked")
    private static <T> T perform(ProcessRef<Object> puppet, Action action) throws Exception {
        CompletableFuture<Object> result = new CompletableFuture<>();
        puppet.send(new Do(action, result));
        return (T) result.get(5, SECONDS);
    }

    /** Makes {@code puppet} run {@code action}, without waiting. */
    private static void order(ProcessRef<Object> puppet, Action action) {
        puppet.send(new Do(action, new CompletableFuture<>()));
    }

    private static ExitReason exitReasonOf(ProcessRef<?> process) throws Exception {
        return process.termination().get(5, SECONDS);
    }

    /** An inbox whose process is running and trapping exits. */
    private Inbox newInbox() {
        Inbox inbox = Inbox.create(scheduler);
        inbox.ref().send("inbox ready");
        assertThat(inbox.next()).isEqualTo("inbox ready");
        return inbox;
    }
}
