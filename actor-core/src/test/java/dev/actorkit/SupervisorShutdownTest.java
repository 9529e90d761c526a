package dev.actorkit;

import static dev.actorkit.SupervisorFixtures.WAIT;
import static dev.actorkit.SupervisorFixtures.monitor;
import static dev.actorkit.SupervisorFixtures.next;
import static dev.actorkit.SupervisorFixtures.stateOf;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.actorkit.SupervisorFixtures.TrappingWorker;
import dev.actorkit.SupervisorFixtures.Worker;
import dev.actorkit.annotation.Init;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import dev.actorkit.annotation.Terminate;
import dev.actorkit.supervisor.ChildSpec;
import dev.actorkit.supervisor.ChildState;
import dev.actorkit.supervisor.Shutdown;
import dev.actorkit.supervisor.Supervisor;
import dev.actorkit.supervisor.SupervisorSpec;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Shutdown specs: supervisor_SUITE's sup_stop_brutal_kill, sup_stop_timeout, sup_stop_infinity,
 * child_unlink; and the reasons children end with.
 */
@Timeout(30)
class SupervisorShutdownTest {

    @RegisterExtension
    final SchedulerExtension schedulerExtension = new SchedulerExtension(Duration.ofMillis(200));
    private final Scheduler scheduler = schedulerExtension.scheduler();
    private final CountDownLatch never = schedulerExtension.testEnd();
    private final BlockingQueue<String> journal = new LinkedBlockingQueue<>();

    /** Starts a supervisor with one child "x", and a watcher that monitors that child into {@code downs}. */
    private Supervisor superviseAndWatch(ChildSpec child, Inbox downs) throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(child));
        ProcessRef<Object> watcher = Puppet.spawnTrapping(scheduler, downs);
        monitor(watcher, supervisor.child(child.id()).orElseThrow());
        return supervisor;
    }

    /** A blocking worker that traps exits and ignores every message, the Exit from its supervisor included. */
    private ChildSpec stubborn(String id, CountDownLatch trapping) {
        return ChildSpec.worker(id, ctx -> {
            ctx.trapExits(true);
            trapping.countDown();
            while (true) {
                ctx.receive();
            }
        });
    }

    @Test
    void aBrutalKillChildEndsKilledWithoutRunningItsTerminate() throws Exception {
        Inbox downs = Inbox.started(scheduler);
        Supervisor supervisor = superviseAndWatch(
                ChildSpec.worker("x", () -> new TrappingWorker("x", journal)).withShutdown(Shutdown.brutalKill()), downs);
        next(journal, 1);

        supervisor.terminateChild("x");

        assertThat(downs.next(Down.class).reason()).isEqualTo(ExitReason.KILLED);
        assertThat(journal).isEmpty();
    }

    @Test
    void aTimeoutChildThatDoesNotTrapExitsEndsWithShutdown() throws Exception {
        Inbox downs = Inbox.started(scheduler);
        Supervisor supervisor = superviseAndWatch(ChildSpec.worker("x", () -> new Worker("x", journal))
                .withShutdown(Shutdown.timeout(Duration.ofSeconds(5))), downs);

        supervisor.terminateChild("x");

        assertThat(downs.next(Down.class).reason()).isEqualTo(ExitReason.SHUTDOWN);
    }

    @Test
    void aTrappingAnnotatedChildStopsWithItsTerminateGivenShutdown() throws Exception {
        Inbox downs = Inbox.started(scheduler);
        Supervisor supervisor = superviseAndWatch(ChildSpec.worker("x", () -> new TrappingWorker("x", journal)), downs);
        next(journal, 1);

        supervisor.terminateChild("x");

        assertThat(next(journal, 1)).containsExactly("x stop shutdown");
        assertThat(downs.next(Down.class).reason()).isEqualTo(ExitReason.SHUTDOWN);
    }

    @Test
    void aTrappingChildThatIgnoresShutdownIsKilledAfterItsTimeout() throws Exception {
        CountDownLatch trapping = new CountDownLatch(1);
        Inbox downs = Inbox.started(scheduler);
        Supervisor supervisor = superviseAndWatch(
                stubborn("x", trapping).withShutdown(Shutdown.timeout(Duration.ofMillis(300))), downs);
        assertThat(trapping.await(WAIT.toMillis(), MILLISECONDS)).isTrue();

        long start = System.nanoTime();
        supervisor.terminateChild("x");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(tookMillis).isGreaterThanOrEqualTo(290).isLessThan(3_000);
        assertThat(downs.next(Down.class).reason()).isEqualTo(ExitReason.KILLED);
        assertThat(stateOf(supervisor, "x")).isEqualTo(ChildState.STOPPED);
    }

    @Test
    void aTrappingChildThatExitsOnShutdownWithinItsTimeoutIsNotKilled() throws Exception {
        CountDownLatch trapping = new CountDownLatch(1);
        Inbox downs = Inbox.started(scheduler);
        Supervisor supervisor = superviseAndWatch(ChildSpec.worker("x", ctx -> {
            ctx.trapExits(true);
            trapping.countDown();
            Exit exit = ctx.receive(Exit.class, WAIT.multipliedBy(2)).orElseThrow();
            journal.add("cleaned up after " + exit.reason());
            ctx.exit(exit.reason());
        }).withShutdown(Shutdown.timeout(Duration.ofSeconds(5))), downs);
        assertThat(trapping.await(WAIT.toMillis(), MILLISECONDS)).isTrue();

        supervisor.terminateChild("x");

        assertThat(next(journal, 1)).containsExactly("cleaned up after shutdown");
        assertThat(downs.next(Down.class).reason()).isEqualTo(ExitReason.SHUTDOWN);
    }

    @Test
    void anInfinityShutdownWaitsAsLongAsTheChildTakes() throws Exception {
        CountDownLatch trapping = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Inbox downs = Inbox.started(scheduler);
        Supervisor supervisor = superviseAndWatch(ChildSpec.worker("x", ctx -> {
            ctx.trapExits(true);
            trapping.countDown();
            Exit exit = ctx.receive(Exit.class, WAIT.multipliedBy(2)).orElseThrow();
            assertThat(release.await(WAIT.toMillis(), MILLISECONDS)).isTrue();
            ctx.exit(exit.reason());
        }).withShutdown(Shutdown.infinity()), downs);
        assertThat(trapping.await(WAIT.toMillis(), MILLISECONDS)).isTrue();

        CompletableFuture<Void> terminating = CompletableFuture.runAsync(() -> supervisor.terminateChild("x"));

        await().during(Duration.ofMillis(400)).atMost(WAIT).until(() -> !terminating.isDone());
        release.countDown();
        terminating.get(WAIT.toMillis(), MILLISECONDS);
        assertThat(downs.next(Down.class).reason()).isEqualTo(ExitReason.SHUTDOWN);
    }

    @Test
    void aChildThatDoesNotTrapExitsIsStoppedAtOnceEvenWhileItsCodeIsBlocked() throws Exception {
        Inbox downs = Inbox.started(scheduler);
        CountDownLatch blocked = new CountDownLatch(1);
        Supervisor supervisor = superviseAndWatch(ChildSpec.worker("x", ctx -> {
            blocked.countDown();
            never.await();
        }), downs);
        assertThat(blocked.await(WAIT.toMillis(), MILLISECONDS)).isTrue();

        long start = System.nanoTime();
        supervisor.terminateChild("x");

        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
        assertThat(downs.next(Down.class).reason()).isEqualTo(ExitReason.SHUTDOWN);
    }

    @Test
    void stoppingTheSupervisorAppliesEachChildsShutdownSpec() throws Exception {
        CountDownLatch trapping = new CountDownLatch(1);
        Inbox downs = Inbox.started(scheduler);
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(
                ChildSpec.worker("brutal", () -> new Worker("brutal", journal)).withShutdown(Shutdown.brutalKill()),
                stubborn("stubborn", trapping).withShutdown(Shutdown.timeout(Duration.ofMillis(200))),
                ChildSpec.worker("polite", () -> new TrappingWorker("polite", journal))));
        assertThat(trapping.await(WAIT.toMillis(), MILLISECONDS)).isTrue();
        ProcessRef<Object> watcher = Puppet.spawnTrapping(scheduler, downs);
        MonitorRef brutal = monitor(watcher, supervisor.child("brutal").orElseThrow());
        MonitorRef stubbornChild = monitor(watcher, supervisor.child("stubborn").orElseThrow());
        MonitorRef polite = monitor(watcher, supervisor.child("polite").orElseThrow());

        supervisor.stop();

        Down first = downs.next(Down.class);
        Down second = downs.next(Down.class);
        Down third = downs.next(Down.class);
        assertThat(first.ref()).isEqualTo(polite);
        assertThat(first.reason()).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(second.ref()).isEqualTo(stubbornChild);
        assertThat(second.reason()).isEqualTo(ExitReason.KILLED);
        assertThat(third.ref()).isEqualTo(brutal);
        assertThat(third.reason()).isEqualTo(ExitReason.KILLED);
    }

    // ---- child_unlink ----

    /** A trapping child that unlinks itself from its supervisor as it starts (OTP's naughty_child). */
    @Process(trapExits = true)
    static class Unlinker {
        private final BlockingQueue<String> journal;

        Unlinker(BlockingQueue<String> journal) {
            this.journal = journal;
        }

        @Init
        void init(ProcessContext ctx) {
            for (ProcessRef<?> linked : ctx.scheduler().info(ctx.self()).orElseThrow().links()) {
                ctx.unlink(linked);
            }
            journal.add("unlinked");
        }

        @Receive
        void on(Exit exit) {
            journal.add("exit-message " + exit.reason());
        }

        @Terminate
        void terminate(ExitReason reason) {
            journal.add("stop " + reason);
        }
    }

    @Test
    void aTrappingChildThatUnlinkedItselfDoesNotHangTerminateChild() throws Exception {
        Inbox downs = Inbox.started(scheduler);
        Supervisor supervisor = superviseAndWatch(ChildSpec.worker("x", () -> new Unlinker(journal))
                .withShutdown(Shutdown.timeout(Duration.ofSeconds(5))), downs);
        assertThat(next(journal, 1)).containsExactly("unlinked");
        assertThat(scheduler.info(supervisor.ref()).orElseThrow().links()).isEmpty();

        long start = System.nanoTime();
        supervisor.terminateChild("x");

        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
        assertThat(next(journal, 1)).containsExactly("stop shutdown");
        assertThat(downs.next(Down.class).reason()).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(stateOf(supervisor, "x")).isEqualTo(ChildState.STOPPED);
    }

    @Test
    void aChildThatUnlinkedItselfDoesNotHangTheSupervisorsStop() throws Exception {
        CountDownLatch unlinked = new CountDownLatch(1);
        Inbox downs = Inbox.started(scheduler);
        Supervisor supervisor = superviseAndWatch(ChildSpec.worker("x", ctx -> {
            for (ProcessRef<?> linked : ctx.scheduler().info(ctx.self()).orElseThrow().links()) {
                ctx.unlink(linked);
            }
            unlinked.countDown();
            while (true) {
                ctx.receive();
            }
        }).withShutdown(Shutdown.infinity()), downs);
        assertThat(unlinked.await(WAIT.toMillis(), MILLISECONDS)).isTrue();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(supervisor::stop);

        stopping.get(WAIT.toMillis(), MILLISECONDS);
        assertThat(downs.next(Down.class).reason()).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(supervisor.ref().isAlive()).isFalse();
    }
}
