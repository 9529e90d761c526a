package dev.actorkit;

import static dev.actorkit.Await.exitReasonOf;
import static dev.actorkit.ExitReason.KILL;
import static dev.actorkit.ExitReason.KILLED;
import static dev.actorkit.ExitReason.NOPROC;
import static dev.actorkit.ExitReason.NORMAL;
import static dev.actorkit.Puppet.ask;
import static dev.actorkit.Puppet.order;
import static dev.actorkit.Puppet.perform;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Monitors, as OTP's monitor_SUITE and Elixir's process_test.exs test them. */
@Timeout(30)
class MonitorTest {

    @RegisterExtension
    final SchedulerExtension schedulerExtension = new SchedulerExtension(Duration.ofMillis(100));
    private final Scheduler scheduler = schedulerExtension.scheduler();

    // ---- mon_1 ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.actorkit.ExitReasonSamples#all")
    void monitorDeliversDownWithTheRefTheProcessAndTheReason(ExitReason reason) throws Exception {
        Inbox out = Inbox.started(scheduler);
        ProcessRef<Object> watcher = Puppet.spawn(scheduler, out);
        ProcessRef<Object> watched = Puppet.spawn(scheduler);
        MonitorRef ref = perform(watcher, ctx -> ctx.monitor(watched));

        order(watched, ctx -> {
            ctx.exit(reason);
            return null;
        });

        assertThat(out.next()).isEqualTo(new Down(ref, watched, reason));
    }

    @Test
    void monitorDeliversDownWithKilledWhenTheProcessIsKilled() throws Exception {
        Inbox out = Inbox.started(scheduler);
        ProcessRef<Object> watcher = Puppet.spawn(scheduler, out);
        ProcessRef<Object> watched = Puppet.spawnTrapping(scheduler);
        MonitorRef ref = perform(watcher, ctx -> ctx.monitor(watched));

        scheduler.exit(watched, KILL);

        assertThat(out.next()).isEqualTo(new Down(ref, watched, KILLED));
    }

    @Test
    void monitorDeliversDownWithTheExceptionThatEndedTheProcess() throws Exception {
        Inbox out = Inbox.started(scheduler);
        ProcessRef<Object> watcher = Puppet.spawn(scheduler, out);
        ProcessRef<Object> watched = Puppet.spawn(scheduler);
        MonitorRef ref = perform(watcher, ctx -> ctx.monitor(watched));
        IllegalStateException boom = new IllegalStateException("boom");

        order(watched, ctx -> {
            throw boom;
        });

        assertThat(out.next()).isEqualTo(new Down(ref, watched, ExitReason.error(boom)));
    }

    @Test
    void monitoringADeadProcessDeliversDownWithNoprocAtOnce() throws Exception {
        ProcessRef<Object> dead = scheduler.spawn(ctx -> { });
        assertThat(exitReasonOf(dead)).isEqualTo(NORMAL);
        ProcessRef<Object> watcher = Puppet.spawn(scheduler);

        List<Object> monitorAndMailbox = perform(watcher, ctx -> {
            MonitorRef ref = ctx.monitor(dead);
            return List.of(ref, ctx.receive(Duration.ZERO));
        });

        MonitorRef ref = (MonitorRef) monitorAndMailbox.get(0);
        assertThat(monitorAndMailbox.get(1)).isEqualTo(Optional.of(new Down(ref, dead, NOPROC)));
    }

    @Test
    void twoMonitorsOnTheSameProcessAreDistinctAndEachFiresOnce() throws Exception {
        Inbox out = Inbox.started(scheduler);
        ProcessRef<Object> watcher = Puppet.spawn(scheduler, out);
        ProcessRef<Object> watched = Puppet.spawn(scheduler);
        MonitorRef first = perform(watcher, ctx -> ctx.monitor(watched));
        MonitorRef second = perform(watcher, ctx -> ctx.monitor(watched));

        order(watched, ctx -> {
            ctx.exit(ExitReason.of("boom"));
            return null;
        });

        assertThat(first).isNotEqualTo(second);
        assertThat(List.of(out.next(), out.next())).containsExactlyInAnyOrder(
                new Down(first, watched, ExitReason.of("boom")),
                new Down(second, watched, ExitReason.of("boom")));
        out.expectNothing(Duration.ofMillis(150));
    }

    // ---- demon_1, demon_2 ----

    @Test
    void demonitorBeforeTheExitMeansNoDown() throws Exception {
        Inbox out = Inbox.started(scheduler);
        ProcessRef<Object> watcher = Puppet.spawn(scheduler, out);
        ProcessRef<Object> watched = Puppet.spawn(scheduler);
        MonitorRef removed = perform(watcher, ctx -> ctx.monitor(watched));
        boolean wasActive = perform(watcher, ctx -> ctx.demonitor(removed));
        MonitorRef kept = perform(watcher, ctx -> ctx.monitor(watched));

        order(watched, ctx -> {
            ctx.exit(ExitReason.of("boom"));
            return null;
        });

        assertThat(wasActive).isTrue();
        assertThat(out.next()).isEqualTo(new Down(kept, watched, ExitReason.of("boom")));
        out.expectNothing(Duration.ofMillis(150));
    }

    @Test
    void demonitorReturnsFalseAfterTheMonitorFired() throws Exception {
        Inbox out = Inbox.started(scheduler);
        ProcessRef<Object> watcher = Puppet.spawn(scheduler, out);
        ProcessRef<Object> watched = Puppet.spawn(scheduler);
        MonitorRef ref = perform(watcher, ctx -> ctx.monitor(watched));
        order(watched, ctx -> {
            ctx.exit(ExitReason.of("boom"));
            return null;
        });
        assertThat(out.next()).isEqualTo(new Down(ref, watched, ExitReason.of("boom")));

        boolean wasActive = perform(watcher, ctx -> ctx.demonitor(ref));

        assertThat(wasActive).isFalse();
    }

    @Test
    void demonitorReturnsTrueOnceAndFalseTheSecondTime() throws Exception {
        ProcessRef<Object> watcher = Puppet.spawn(scheduler);
        ProcessRef<Object> watched = Puppet.spawn(scheduler);

        List<Boolean> results = perform(watcher, ctx -> {
            MonitorRef ref = ctx.monitor(watched);
            return List.of(ctx.demonitor(ref), ctx.demonitor(ref));
        });

        assertThat(results).containsExactly(true, false);
    }

    @Test
    void demonitorOfAnUnknownRefReturnsFalse() throws Exception {
        ProcessRef<Object> watcher = Puppet.spawn(scheduler);

        boolean wasActive = perform(watcher, ctx -> ctx.demonitor(new MonitorRef(Long.MAX_VALUE)));

        assertThat(wasActive).isFalse();
    }

    // ---- demonitor_flush ----

    @Test
    void demonitorWithFlushRemovesADownAlreadyQueuedAndKeepsOtherMessages() throws Exception {
        ProcessRef<Object> watcher = Puppet.spawn(scheduler);
        ProcessRef<Object> watched = Puppet.spawn(scheduler);
        MonitorRef ref = perform(watcher, ctx -> ctx.monitor(watched));

        CompletableFuture<Object> result = ask(watcher, ctx -> {
            waitForMailboxSize(ctx, 2); // "last words" and the Down
            boolean wasActive = ctx.demonitor(ref, true);
            return List.of(wasActive, ctx.flush());
        });
        order(watched, ctx -> {
            watcher.send("last words");
            ctx.exit(NORMAL);
            return null;
        });

        assertThat(result.get(5, SECONDS)).isEqualTo(List.of(false, List.of("last words")));
    }

    @Test
    void demonitorWithoutFlushKeepsADownAlreadyQueued() throws Exception {
        ProcessRef<Object> watcher = Puppet.spawn(scheduler);
        ProcessRef<Object> watched = Puppet.spawn(scheduler);
        MonitorRef ref = perform(watcher, ctx -> ctx.monitor(watched));

        CompletableFuture<Object> result = ask(watcher, ctx -> {
            waitForMailboxSize(ctx, 2);
            boolean wasActive = ctx.demonitor(ref);
            return List.of(wasActive, ctx.flush());
        });
        order(watched, ctx -> {
            watcher.send("last words");
            ctx.exit(NORMAL);
            return null;
        });

        assertThat(result.get(5, SECONDS)).isEqualTo(List.of(false, List.of("last words", new Down(ref, watched, NORMAL))));
    }

    @Test
    void demonitorWithFlushBeforeTheExitMeansNoDownEver() throws Exception {
        Inbox out = Inbox.started(scheduler);
        ProcessRef<Object> watcher = Puppet.spawn(scheduler, out);
        ProcessRef<Object> watched = Puppet.spawn(scheduler);
        MonitorRef removed = perform(watcher, ctx -> ctx.monitor(watched));
        boolean wasActive = perform(watcher, ctx -> ctx.demonitor(removed, true));
        MonitorRef kept = perform(watcher, ctx -> ctx.monitor(watched));

        order(watched, ctx -> {
            ctx.exit(ExitReason.of("boom"));
            return null;
        });

        assertThat(wasActive).isTrue();
        assertThat(out.next()).isEqualTo(new Down(kept, watched, ExitReason.of("boom")));
        out.expectNothing(Duration.ofMillis(150));
    }

    // ---- one-way ----

    @Test
    void monitoringProcessIsNotAffectedByTheCrashOfTheMonitoredProcess() throws Exception {
        Inbox out = Inbox.started(scheduler);
        ProcessRef<Object> watcher = Puppet.spawn(scheduler, out);
        ProcessRef<Object> watched = Puppet.spawn(scheduler);
        MonitorRef ref = perform(watcher, ctx -> ctx.monitor(watched));
        IllegalStateException boom = new IllegalStateException("boom");

        order(watched, ctx -> {
            throw boom;
        });

        assertThat(out.next()).isEqualTo(new Down(ref, watched, ExitReason.error(boom)));
        assertThat((Object) perform(watcher, ctx -> "still here")).isEqualTo("still here");
        assertThat(watcher.isAlive()).isTrue();
    }

    @Test
    void monitoredProcessIsNotAffectedByTheExitOfTheMonitoringProcess() throws Exception {
        Inbox out = Inbox.started(scheduler);
        ProcessRef<Object> watched = Puppet.spawnTrapping(scheduler, out);
        ProcessRef<Object> watcher = Puppet.spawn(scheduler);
        perform(watcher, ctx -> ctx.monitor(watched));

        order(watcher, ctx -> {
            ctx.exit(ExitReason.of("boom"));
            return null;
        });

        assertThat(exitReasonOf(watcher)).isEqualTo(ExitReason.of("boom"));
        out.expectNothing(Duration.ofMillis(150));
        assertThat((Object) perform(watched, ctx -> "still here")).isEqualTo("still here");
    }

    // ---- helpers ----

    /** Waits, inside a process, until its mailbox holds at least {@code size} messages. */
    private static void waitForMailboxSize(ProcessContext ctx, int size) {
        await().pollInSameThread().pollInterval(Duration.ofMillis(2)).atMost(Inbox.WAIT)
                .until(() -> ctx.mailboxSize() >= size);
    }
}
