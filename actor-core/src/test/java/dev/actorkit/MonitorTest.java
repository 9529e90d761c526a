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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Monitors, as OTP's monitor_SUITE and Elixir's process_test.exs test them. */
@Timeout(30)
class MonitorTest {

    private Scheduler scheduler;

    @BeforeEach
    void startScheduler() {
        scheduler = Scheduler.create();
    }

    @AfterEach
    void closeScheduler() {
        scheduler.close(Duration.ofMillis(100));
    }

    static Stream<ExitReason> allReasons() {
        return Stream.of(NORMAL, SHUTDOWN, ExitReason.shutdown("detail"),
                ExitReason.error(new IllegalStateException("boom")), ExitReason.of("boom"), KILLED);
    }

    // ---- mon_1 ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("allReasons")
    void monitorDeliversDownWithTheRefTheProcessAndTheReason(ExitReason reason) throws Exception {
        Inbox out = newInbox();
        ProcessRef<Object> watcher = spawnPuppet(false, out);
        ProcessRef<Object> watched = spawnPuppet();
        MonitorRef ref = perform(watcher, ctx -> ctx.monitor(watched));

        order(watched, ctx -> {
            ctx.exit(reason);
            return null;
        });

        assertThat(out.next()).isEqualTo(new Down(ref, watched, reason));
    }

    @Test
    void monitorDeliversDownWithKilledWhenTheProcessIsKilled() throws Exception {
        Inbox out = newInbox();
        ProcessRef<Object> watcher = spawnPuppet(false, out);
        ProcessRef<Object> watched = spawnPuppet(true, null);
        MonitorRef ref = perform(watcher, ctx -> ctx.monitor(watched));

        scheduler.exit(watched, KILL);

        assertThat(out.next()).isEqualTo(new Down(ref, watched, KILLED));
    }

    @Test
    void monitorDeliversDownWithTheExceptionThatEndedTheProcess() throws Exception {
        Inbox out = newInbox();
        ProcessRef<Object> watcher = spawnPuppet(false, out);
        ProcessRef<Object> watched = spawnPuppet();
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
        assertThat(dead.termination().get(5, SECONDS)).isEqualTo(NORMAL);
        ProcessRef<Object> watcher = spawnPuppet();

        List<Object> monitorAndMailbox = perform(watcher, ctx -> {
            MonitorRef ref = ctx.monitor(dead);
            return List.of(ref, ctx.receive(Duration.ZERO));
        });

        MonitorRef ref = (MonitorRef) monitorAndMailbox.get(0);
        assertThat(monitorAndMailbox.get(1)).isEqualTo(Optional.of(new Down(ref, dead, NOPROC)));
    }

    @Test
    void twoMonitorsOnTheSameProcessAreDistinctAndEachFiresOnce() throws Exception {
        Inbox out = newInbox();
        ProcessRef<Object> watcher = spawnPuppet(false, out);
        ProcessRef<Object> watched = spawnPuppet();
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
        Inbox out = newInbox();
        ProcessRef<Object> watcher = spawnPuppet(false, out);
        ProcessRef<Object> watched = spawnPuppet();
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
        Inbox out = newInbox();
        ProcessRef<Object> watcher = spawnPuppet(false, out);
        ProcessRef<Object> watched = spawnPuppet();
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
        ProcessRef<Object> watcher = spawnPuppet();
        ProcessRef<Object> watched = spawnPuppet();

        List<Boolean> results = perform(watcher, ctx -> {
            MonitorRef ref = ctx.monitor(watched);
            return List.of(ctx.demonitor(ref), ctx.demonitor(ref));
        });

        assertThat(results).containsExactly(true, false);
    }

    @Test
    void demonitorOfAnUnknownRefReturnsFalse() throws Exception {
        ProcessRef<Object> watcher = spawnPuppet();

        boolean wasActive = perform(watcher, ctx -> ctx.demonitor(new MonitorRef(Long.MAX_VALUE)));

        assertThat(wasActive).isFalse();
    }

    // ---- demonitor_flush ----

    @Test
    void demonitorWithFlushRemovesADownAlreadyQueuedAndKeepsOtherMessages() throws Exception {
        ProcessRef<Object> watcher = spawnPuppet();
        ProcessRef<Object> watched = spawnPuppet();
        MonitorRef ref = perform(watcher, ctx -> ctx.monitor(watched));

        CompletableFuture<Object> result = new CompletableFuture<>();
        watcher.send(new Do(ctx -> {
            waitForMailboxSize(ctx, 2); // "last words" and the Down
            boolean wasActive = ctx.demonitor(ref, true);
            return List.of(wasActive, ctx.flush());
        }, result));
        order(watched, ctx -> {
            watcher.send("last words");
            ctx.exit(NORMAL);
            return null;
        });

        assertThat(result.get(5, SECONDS)).isEqualTo(List.of(false, List.of("last words")));
    }

    @Test
    void demonitorWithoutFlushKeepsADownAlreadyQueued() throws Exception {
        ProcessRef<Object> watcher = spawnPuppet();
        ProcessRef<Object> watched = spawnPuppet();
        MonitorRef ref = perform(watcher, ctx -> ctx.monitor(watched));

        CompletableFuture<Object> result = new CompletableFuture<>();
        watcher.send(new Do(ctx -> {
            waitForMailboxSize(ctx, 2);
            boolean wasActive = ctx.demonitor(ref);
            return List.of(wasActive, ctx.flush());
        }, result));
        order(watched, ctx -> {
            watcher.send("last words");
            ctx.exit(NORMAL);
            return null;
        });

        assertThat(result.get(5, SECONDS)).isEqualTo(List.of(false, List.of("last words", new Down(ref, watched, NORMAL))));
    }

    @Test
    void demonitorWithFlushBeforeTheExitMeansNoDownEver() throws Exception {
        Inbox out = newInbox();
        ProcessRef<Object> watcher = spawnPuppet(false, out);
        ProcessRef<Object> watched = spawnPuppet();
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
        Inbox out = newInbox();
        ProcessRef<Object> watcher = spawnPuppet(false, out);
        ProcessRef<Object> watched = spawnPuppet();
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
        Inbox out = newInbox();
        ProcessRef<Object> watched = spawnPuppet(true, out);
        ProcessRef<Object> watcher = spawnPuppet();
        perform(watcher, ctx -> ctx.monitor(watched));

        order(watcher, ctx -> {
            ctx.exit(ExitReason.of("boom"));
            return null;
        });

        assertThat(watcher.termination().get(5, SECONDS)).isEqualTo(ExitReason.of("boom"));
        out.expectNothing(Duration.ofMillis(150));
        assertThat((Object) perform(watched, ctx -> "still here")).isEqualTo("still here");
    }

    // ---- helpers ----

    /** Waits, inside a process, until its mailbox holds at least {@code size} messages. */
    private static void waitForMailboxSize(ProcessContext ctx, int size) {
        await().pollInSameThread().pollInterval(Duration.ofMillis(2)).atMost(Inbox.WAIT)
                .until(() -> ctx.mailboxSize() >= size);
    }

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

    /** An inbox whose process is running and trapping exits. */
    private Inbox newInbox() {
        Inbox inbox = Inbox.create(scheduler);
        inbox.ref().send("inbox ready");
        assertThat(inbox.next()).isEqualTo("inbox ready");
        return inbox;
    }
}
