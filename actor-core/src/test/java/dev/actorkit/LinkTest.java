package dev.actorkit;

import static dev.actorkit.Await.exitReasonOf;
import static dev.actorkit.ExitReason.KILL;
import static dev.actorkit.ExitReason.KILLED;
import static dev.actorkit.ExitReason.NOPROC;
import static dev.actorkit.ExitReason.NORMAL;
import static dev.actorkit.Puppet.order;
import static dev.actorkit.Puppet.perform;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Links, as OTP's process_SUITE and Elixir's process_test.exs test them. */
@Timeout(30)
class LinkTest {

    @RegisterExtension
    final SchedulerExtension schedulerExtension = new SchedulerExtension(Duration.ofMillis(100));
    private final Scheduler scheduler = schedulerExtension.scheduler();

    // ---- bidirectional, one per pair, self ----

    @Test
    void linkIsRecordedOnBothProcesses() throws Exception {
        ProcessRef<Object> a = Puppet.spawn(scheduler);
        ProcessRef<Object> b = Puppet.spawn(scheduler);

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
        Inbox out = Inbox.started(scheduler);
        ProcessRef<Object> target = Puppet.spawnTrapping(scheduler, out);
        ProcessRef<Object> linker = Puppet.spawn(scheduler);
        perform(linker, ctx -> {
            ctx.link(target);
            return null;
        });

        order(linker, ctx -> exit(ctx, ExitReason.of("boom")));

        assertThat(out.next()).isEqualTo(new Exit(linker, ExitReason.of("boom")));
    }

    @Test
    void exitOfTheProcessLinkedToReachesTheProcessThatLinked() throws Exception {
        Inbox out = Inbox.started(scheduler);
        ProcessRef<Object> linker = Puppet.spawnTrapping(scheduler, out);
        ProcessRef<Object> target = Puppet.spawn(scheduler);
        perform(linker, ctx -> {
            ctx.link(target);
            return null;
        });

        order(target, ctx -> exit(ctx, ExitReason.of("boom")));

        assertThat(out.next()).isEqualTo(new Exit(target, ExitReason.of("boom")));
    }

    @Test
    void linkingToSelfIsANoOp() throws Exception {
        ProcessRef<Object> p = Puppet.spawn(scheduler);

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
        Inbox out = Inbox.started(scheduler);
        ProcessRef<Object> linker = Puppet.spawnTrapping(scheduler, out);
        ProcessRef<Object> target = Puppet.spawn(scheduler);

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
        Inbox out = Inbox.started(scheduler);
        ProcessRef<Object> linker = Puppet.spawnTrapping(scheduler, out);
        ProcessRef<Object> target = Puppet.spawn(scheduler);

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
        ProcessRef<Object> parent = Puppet.spawn(scheduler);
        CompletableFuture<List<ProcessRef<?>>> linksSeenByChild = new CompletableFuture<>();

        perform(parent, ctx -> ctx.spawnLink(child -> {
            linksSeenByChild.complete(scheduler.info(child.self()).map(ProcessInfo::links).orElse(List.of()));
            child.receive();
        }));

        assertThat(linksSeenByChild.get(5, SECONDS)).containsExactly(parent);
    }

    @Test
    void childThatCrashesAtOnceAfterSpawnLinkTakesTheNonTrappingParentDownWithItsReason() throws Exception {
        ProcessRef<Object> parent = Puppet.spawn(scheduler);
        IllegalStateException boom = new IllegalStateException("crashed at once");

        order(parent, ctx -> ctx.spawnLink(child -> {
            throw boom;
        }));

        assertThat(exitReasonOf(parent)).isEqualTo(ExitReason.error(boom));
    }

    @Test
    void trappingParentReceivesExitWithTheReasonOfAChildThatCrashesAtOnce() throws Exception {
        Inbox out = Inbox.started(scheduler);
        ProcessRef<Object> parent = Puppet.spawnTrapping(scheduler, out);
        IllegalStateException boom = new IllegalStateException("crashed at once");

        ProcessRef<?> child = perform(parent, ctx -> ctx.spawnLink(c -> {
            throw boom;
        }));

        assertThat(out.next()).isEqualTo(new Exit(child, ExitReason.error(boom)));
        assertThat(parent.isAlive()).isTrue();
    }

    // ---- exit signals from links ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.actorkit.ExitReasonSamples#abnormal")
    void abnormalExitOfALinkedProcessKillsANonTrappingProcessWithTheSameReason(ExitReason reason) throws Exception {
        ProcessRef<Object> victim = Puppet.spawn(scheduler);
        ProcessRef<Object> linked = Puppet.spawn(scheduler);
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
        ProcessRef<Object> survivor = Puppet.spawn(scheduler);
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
    @MethodSource("dev.actorkit.ExitReasonSamples#all")
    void trappingProcessReceivesExitWithTheReasonOfALinkedProcess(ExitReason reason) throws Exception {
        Inbox out = Inbox.started(scheduler);
        ProcessRef<Object> trapper = Puppet.spawnTrapping(scheduler, out);
        ProcessRef<Object> linked = Puppet.spawn(scheduler);
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
        Inbox out = Inbox.started(scheduler);
        ProcessRef<Object> trapper = Puppet.spawnTrapping(scheduler, out);
        ProcessRef<Object> linked = Puppet.spawn(scheduler);
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
        Inbox out = Inbox.started(scheduler);
        ProcessRef<Object> trapper = Puppet.spawnTrapping(scheduler, out);

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
        ProcessRef<Object> caller = Puppet.spawn(scheduler);

        order(caller, ctx -> {
            ctx.link(dead);
            return null;
        });

        assertThat(exitReasonOf(caller)).isEqualTo(NOPROC);
    }

    // ---- unlink ----

    @Test
    void unlinkMakesALaterExitOfTheOtherProcessHaveNoEffectOnANonTrappingProcess() throws Exception {
        ProcessRef<Object> survivor = Puppet.spawn(scheduler);
        ProcessRef<Object> other = Puppet.spawn(scheduler);
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
        Inbox out = Inbox.started(scheduler);
        ProcessRef<Object> trapper = Puppet.spawnTrapping(scheduler, out);
        ProcessRef<Object> other = Puppet.spawn(scheduler);
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
        Inbox out = Inbox.started(scheduler);
        ProcessRef<Object> other = Puppet.spawnTrapping(scheduler, out);
        ProcessRef<Object> unlinker = Puppet.spawn(scheduler);
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
        Inbox out = Inbox.started(scheduler);
        ProcessRef<Object> trapper = Puppet.spawnTrapping(scheduler, out);
        ProcessRef<Object> victim = Puppet.spawn(scheduler);
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
        ProcessRef<Object> head = Puppet.spawn(scheduler);
        ProcessRef<Object> first = linkedTo(head);
        ProcessRef<Object> second = linkedTo(first);
        ProcessRef<Object> third = linkedTo(second);
        Inbox out = Inbox.started(scheduler);
        ProcessRef<Object> trapper = Puppet.spawnTrapping(scheduler, out);
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

    /** A non-trapping puppet linked to {@code other}. */
    private ProcessRef<Object> linkedTo(ProcessRef<?> other) throws Exception {
        ProcessRef<Object> p = Puppet.spawn(scheduler);
        perform(p, ctx -> {
            ctx.link(other);
            return null;
        });
        return p;
    }

    private static Object exit(ProcessContext ctx, ExitReason reason) {
        ctx.exit(reason);
        throw new AssertionError("exit(reason) returned");
    }
}
