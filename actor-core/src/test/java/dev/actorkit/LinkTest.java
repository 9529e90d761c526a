package dev.actorkit;

import static dev.actorkit.ExitReason.KILL;
import static dev.actorkit.ExitReason.KILLED;
import static dev.actorkit.ExitReason.NOPROC;
import static dev.actorkit.ExitReason.NORMAL;
import static dev.actorkit.ExitReason.SHUTDOWN;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Links, as OTP's process_SUITE and Elixir's process_test.exs test them. */
@Timeout(30)
class LinkTest {

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

    // ---- bidirectional, one per pair, self ----

    @Test
    void linkIsRecordedOnBothProcesses() throws Exception {
        ProcessRef<Object> a = spawnPuppet();
        ProcessRef<Object> b = spawnPuppet();

        perform(a, ctx -> {
            ctx.link(b);
            return null;
        });

        await().atMost(Inbox.WAIT).untilAsserted(() -> {
            assertThat(scheduler.info(a).orElseThrow().links()).containsExactly(b);
            assertThat(scheduler.info(b).orElseThrow().links()).containsExactly(a);
        });
    }

    @Test
    void exitOfTheProcessThatLinkedReachesTheProcessItLinkedTo() throws Exception {
        Inbox out = newInbox();
        ProcessRef<Object> target = spawnPuppet(true, out);
        ProcessRef<Object> linker = spawnPuppet();
        perform(linker, ctx -> {
            ctx.link(target);
            return null;
        });

        order(linker, ctx -> exit(ctx, ExitReason.of("boom")));

        assertThat(out.next()).isEqualTo(new Exit(linker, ExitReason.of("boom")));
    }

    @Test
    void exitOfTheProcessLinkedToReachesTheProcessThatLinked() throws Exception {
        Inbox out = newInbox();
        ProcessRef<Object> linker = spawnPuppet(true, out);
        ProcessRef<Object> target = spawnPuppet();
        perform(linker, ctx -> {
            ctx.link(target);
            return null;
        });

        order(target, ctx -> exit(ctx, ExitReason.of("boom")));

        assertThat(out.next()).isEqualTo(new Exit(target, ExitReason.of("boom")));
    }

    @Test
    void linkingToSelfIsANoOp() throws Exception {
        ProcessRef<Object> p = spawnPuppet();

        Object returned = perform(p, ctx -> {
            ctx.link(ctx.self());
            return "linked to self";
        });

        assertThat(returned).isEqualTo("linked to self");
        assertThat(scheduler.info(p).orElseThrow().links()).isEmpty();
        assertThat(p.isAlive()).isTrue();
    }

    @Test
    void linkingTwiceMakesOneLink() throws Exception {
        Inbox out = newInbox();
        ProcessRef<Object> linker = spawnPuppet(true, out);
        ProcessRef<Object> target = spawnPuppet();

        perform(linker, ctx -> {
            ctx.link(target);
            ctx.link(target);
            return null;
        });

        await().atMost(Inbox.WAIT).untilAsserted(() ->
                assertThat(scheduler.info(linker).orElseThrow().links()).containsExactly(target));
        order(target, ctx -> exit(ctx, ExitReason.of("boom")));
        assertThat(out.next()).isEqualTo(new Exit(target, ExitReason.of("boom")));
        out.expectNothing(Duration.ofMillis(150));
    }

    @Test
    void oneUnlinkRemovesALinkMadeTwice() throws Exception {
        Inbox out = newInbox();
        ProcessRef<Object> linker = spawnPuppet(true, out);
        ProcessRef<Object> target = spawnPuppet();

        perform(linker, ctx -> {
            ctx.link(target);
            ctx.link(target);
            ctx.unlink(target);
            return null;
        });
        order(target, ctx -> exit(ctx, ExitReason.of("boom")));

        assertThat(exitReasonOf(target)).isEqualTo(ExitReason.of("boom"));
        out.expectNothing(Duration.ofMillis(150));
        assertThat(linker.isAlive()).isTrue();
    }

    // ---- spawnLink ----

    @Test
    void spawnLinkLinksTheChildBeforeItRuns() throws Exception {
        ProcessRef<Object> parent = spawnPuppet();
        CompletableFuture<List<ProcessRef<?>>> linksSeenByChild = new CompletableFuture<>();

        perform(parent, ctx -> ctx.spawnLink(child -> {
            linksSeenByChild.complete(scheduler.info(child.self()).map(ProcessInfo::links).orElse(List.of()));
            child.receive();
        }));

        assertThat(linksSeenByChild.get(5, SECONDS)).containsExactly(parent);
    }

    @Test
    void childThatCrashesAtOnceAfterSpawnLinkTakesTheNonTrappingParentDownWithItsReason() throws Exception {
        ProcessRef<Object> parent = spawnPuppet();
        IllegalStateException boom = new IllegalStateException("crashed at once");

        order(parent, ctx -> ctx.spawnLink(child -> {
            throw boom;
        }));

        assertThat(exitReasonOf(parent)).isEqualTo(ExitReason.error(boom));
    }

    @Test
    void trappingParentReceivesExitWithTheReasonOfAChildThatCrashesAtOnce() throws Exception {
        Inbox out = newInbox();
        ProcessRef<Object> parent = spawnPuppet(true, out);
        IllegalStateException boom = new IllegalStateException("crashed at once");

        ProcessRef<?> child = perform(parent, ctx -> ctx.spawnLink(c -> {
            throw boom;
        }));

        assertThat(out.next()).isEqualTo(new Exit(child, ExitReason.error(boom)));
        assertThat(parent.isAlive()).isTrue();
    }

    // ---- exit signals from links ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("abnormalReasons")
    void abnormalExitOfALinkedProcessKillsANonTrappingProcessWithTheSameReason(ExitReason reason) throws Exception {
        ProcessRef<Object> victim = spawnPuppet();
        ProcessRef<Object> linked = spawnPuppet();
        perform(victim, ctx -> {
            ctx.link(linked);
            return null;
        });

        order(linked, ctx -> exit(ctx, reason));

        assertThat(exitReasonOf(linked)).isEqualTo(reason);
        assertThat(exitReasonOf(victim)).isEqualTo(reason);
    }

    @Test
    void normalExitOfALinkedProcessIsIgnoredByANonTrappingProcess() throws Exception {
        ProcessRef<Object> survivor = spawnPuppet();
        ProcessRef<Object> linked = scheduler.spawn(ctx -> ctx.receive()); // returns, so exits NORMAL
        perform(survivor, ctx -> {
            ctx.link(linked);
            return null;
        });

        linked.send("finish");

        assertThat(exitReasonOf(linked)).isEqualTo(NORMAL);
        await().during(Duration.ofMillis(150)).atMost(Inbox.WAIT).until(survivor::isAlive);
        assertThat((Object) perform(survivor, ctx -> "still here")).isEqualTo("still here");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allReasons")
    void trappingProcessReceivesExitWithTheReasonOfALinkedProcess(ExitReason reason) throws Exception {
        Inbox out = newInbox();
        ProcessRef<Object> trapper = spawnPuppet(true, out);
        ProcessRef<Object> linked = spawnPuppet();
        perform(trapper, ctx -> {
            ctx.link(linked);
            return null;
        });

        order(linked, ctx -> exit(ctx, reason));

        assertThat(out.next()).isEqualTo(new Exit(linked, reason));
        assertThat(trapper.isAlive()).isTrue();
    }

    @Test
    void trappingProcessReceivesExitWithTheExceptionThrownByALinkedProcess() throws Exception {
        Inbox out = newInbox();
        ProcessRef<Object> trapper = spawnPuppet(true, out);
        ProcessRef<Object> linked = spawnPuppet();
        perform(trapper, ctx -> {
            ctx.link(linked);
            return null;
        });
        IllegalArgumentException boom = new IllegalArgumentException("handler bug");

        order(linked, ctx -> {
            throw boom;
        });

        Exit exit = out.next(Exit.class);
        assertThat(exit.from()).isEqualTo(linked);
        assertThat(exit.reason()).isInstanceOfSatisfying(ExitReason.Error.class,
                error -> assertThat(error.cause()).isSameAs(boom));
    }

    // ---- linking to a dead process ----

    @Test
    void linkingToADeadProcessDeliversExitWithNoprocToATrappingProcess() throws Exception {
        ProcessRef<Object> dead = scheduler.spawn(ctx -> { });
        assertThat(exitReasonOf(dead)).isEqualTo(NORMAL);
        Inbox out = newInbox();
        ProcessRef<Object> trapper = spawnPuppet(true, out);

        perform(trapper, ctx -> {
            ctx.link(dead);
            return null;
        });

        assertThat(out.next()).isEqualTo(new Exit(dead, NOPROC));
        assertThat(trapper.isAlive()).isTrue();
    }

    @Test
    void linkingToADeadProcessMakesANonTrappingCallerExitWithNoproc() throws Exception {
        ProcessRef<Object> dead = scheduler.spawn(ctx -> { });
        assertThat(exitReasonOf(dead)).isEqualTo(NORMAL);
        ProcessRef<Object> caller = spawnPuppet();

        order(caller, ctx -> {
            ctx.link(dead);
            return null;
        });

        assertThat(exitReasonOf(caller)).isEqualTo(NOPROC);
    }

    // ---- unlink ----

    @Test
    void unlinkMakesALaterExitOfTheOtherProcessHaveNoEffectOnANonTrappingProcess() throws Exception {
        ProcessRef<Object> survivor = spawnPuppet();
        ProcessRef<Object> other = spawnPuppet();
        perform(survivor, ctx -> {
            ctx.link(other);
            ctx.unlink(other);
            return null;
        });

        order(other, ctx -> exit(ctx, ExitReason.of("boom")));

        assertThat(exitReasonOf(other)).isEqualTo(ExitReason.of("boom"));
        await().during(Duration.ofMillis(150)).atMost(Inbox.WAIT).until(survivor::isAlive);
        assertThat((Object) perform(survivor, ctx -> "still here")).isEqualTo("still here");
    }

    @Test
    void unlinkMakesALaterExitOfTheOtherProcessDeliverNothingToATrappingProcess() throws Exception {
        Inbox out = newInbox();
        ProcessRef<Object> trapper = spawnPuppet(true, out);
        ProcessRef<Object> other = spawnPuppet();
        perform(trapper, ctx -> {
            ctx.link(other);
            ctx.unlink(other);
            return null;
        });

        order(other, ctx -> exit(ctx, ExitReason.of("boom")));

        assertThat(exitReasonOf(other)).isEqualTo(ExitReason.of("boom"));
        out.expectNothing(Duration.ofMillis(150));
        assertThat(scheduler.info(trapper).orElseThrow().links()).isEmpty();
    }

    @Test
    void unlinkRemovesTheLinkInBothDirections() throws Exception {
        Inbox out = newInbox();
        ProcessRef<Object> other = spawnPuppet(true, out);
        ProcessRef<Object> unlinker = spawnPuppet();
        perform(unlinker, ctx -> {
            ctx.link(other);
            ctx.unlink(other);
            return null;
        });

        order(unlinker, ctx -> exit(ctx, ExitReason.of("boom")));

        assertThat(exitReasonOf(unlinker)).isEqualTo(ExitReason.of("boom"));
        out.expectNothing(Duration.ofMillis(150));
        assertThat(other.isAlive()).isTrue();
    }

    // ---- KILL ----

    @Test
    void processKilledWithKillIsSeenByItsLinksAsKilled() throws Exception {
        Inbox out = newInbox();
        ProcessRef<Object> trapper = spawnPuppet(true, out);
        ProcessRef<Object> victim = spawnPuppet();
        perform(trapper, ctx -> {
            ctx.link(victim);
            return null;
        });

        scheduler.exit(victim, KILL);

        assertThat(exitReasonOf(victim)).isEqualTo(KILLED);
        assertThat(out.next()).isEqualTo(new Exit(victim, KILLED));
        assertThat(trapper.isAlive()).as("KILLED from a link is trappable, unlike the KILL signal").isTrue();
    }

    @Test
    void killedPropagatesThroughAChainOfLinks() throws Exception {
        ProcessRef<Object> head = spawnPuppet();
        ProcessRef<Object> first = linkedTo(head);
        ProcessRef<Object> second = linkedTo(first);
        ProcessRef<Object> third = linkedTo(second);
        Inbox out = newInbox();
        ProcessRef<Object> trapper = spawnPuppet(true, out);
        perform(trapper, ctx -> {
            ctx.link(third);
            return null;
        });

        scheduler.exit(head, KILL);

        assertThat(exitReasonOf(head)).isEqualTo(KILLED);
        assertThat(exitReasonOf(first)).isEqualTo(KILLED);
        assertThat(exitReasonOf(second)).isEqualTo(KILLED);
        assertThat(exitReasonOf(third)).isEqualTo(KILLED);
        assertThat(out.next()).isEqualTo(new Exit(third, KILLED));
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

    /** A non-trapping puppet linked to {@code other}. */
    private ProcessRef<Object> linkedTo(ProcessRef<?> other) throws Exception {
        ProcessRef<Object> p = spawnPuppet();
        perform(p, ctx -> {
            ctx.link(other);
            return null;
        });
        return p;
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

    private static Object exit(ProcessContext ctx, ExitReason reason) {
        ctx.exit(reason);
        throw new AssertionError("exit(reason) returned");
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
