package dev.actorkit;

import static dev.actorkit.Await.exitReasonOf;
import static dev.actorkit.SupervisorFixtures.WAIT;
import static dev.actorkit.SupervisorFixtures.awaitRestart;
import static dev.actorkit.SupervisorFixtures.eventually;
import static dev.actorkit.SupervisorFixtures.monitor;
import static dev.actorkit.SupervisorFixtures.next;
import static dev.actorkit.SupervisorFixtures.pidOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.actorkit.SupervisorFixtures.Crash;
import dev.actorkit.SupervisorFixtures.TrappingWorker;
import dev.actorkit.SupervisorFixtures.Worker;
import dev.actorkit.supervisor.ChildCounts;
import dev.actorkit.supervisor.ChildInfo;
import dev.actorkit.supervisor.ChildSpec;
import dev.actorkit.supervisor.ChildState;
import dev.actorkit.supervisor.ChildType;
import dev.actorkit.supervisor.Supervisor;
import dev.actorkit.supervisor.SupervisorSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Restart intensity (supervisor_SUITE's multiple_restarts, restart_intensity, the window) and nested
 * supervisors: escalation to the parent supervisor, nested start and stop order, counts on a tree.
 */
@Timeout(30)
class SupervisorIntensityTest {

    @RegisterExtension
    final SchedulerExtension schedulerExtension = new SchedulerExtension(Duration.ofMillis(200));
    private final Scheduler scheduler = schedulerExtension.scheduler();
    private final BlockingQueue<String> journal = new LinkedBlockingQueue<>();

    private ChildSpec worker(String id) {
        return ChildSpec.worker(id, () -> new Worker(id, journal));
    }

    private ChildSpec trapping(String id) {
        return ChildSpec.worker(id, () -> new TrappingWorker(id, journal));
    }

    /** Crashes child {@code id} and waits for its restart. */
    private void crashAndAwaitRestart(Supervisor supervisor, String id) {
        Pid before = pidOf(supervisor, id);
        supervisor.child(id).orElseThrow().send(new Crash("boom"));
        awaitRestart(supervisor, id, before);
    }

    // ---- intensity ----

    @Test
    void exactlyMaxRestartsWithinTheWindowAreTolerated() {
        Supervisor supervisor = Supervisor.start(scheduler,
                SupervisorSpec.oneForOne(worker("a")).withIntensity(3, Duration.ofSeconds(10)));

        for (int i = 0; i < 3; i++) {
            crashAndAwaitRestart(supervisor, "a");
        }

        assertThat(supervisor.ref().isAlive()).isTrue();
        assertThat(supervisor.countChildren()).isEqualTo(new ChildCounts(1, 1, 0, 1));
    }

    @Test
    void oneRestartMoreThanMaxRestartsStopsTheOtherChildrenThenTheSupervisorWithShutdown() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler,
                SupervisorSpec.oneForOne(worker("a"), worker("b"), worker("c")).withIntensity(3, Duration.ofSeconds(10)));
        for (int i = 0; i < 3; i++) {
            crashAndAwaitRestart(supervisor, "a");
        }
        Inbox downs = Inbox.started(scheduler);
        ProcessRef<Object> watcher = Puppet.spawnTrapping(scheduler, downs);
        MonitorRef b = monitor(watcher, supervisor.child("b").orElseThrow());
        MonitorRef c = monitor(watcher, supervisor.child("c").orElseThrow());
        MonitorRef sup = monitor(watcher, supervisor.ref());
        ProcessRef<Object> a = supervisor.child("a").orElseThrow();

        a.send(new Crash("one too many"));

        List<Down> order = List.of(downs.next(Down.class), downs.next(Down.class), downs.next(Down.class));
        assertThat(order).extracting(Down::ref).containsExactly(c, b, sup);
        assertThat(order).extracting(Down::reason).containsOnly(ExitReason.SHUTDOWN);
        assertThat(a.termination()).isDone();
        assertThat(a.isAlive()).isFalse();
    }

    @Test
    void maxRestartsZeroMakesTheSupervisorGiveUpAtTheFirstExit() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler,
                SupervisorSpec.oneForOne(worker("a")).withIntensity(0, Duration.ofSeconds(10)));

        supervisor.child("a").orElseThrow().send(new Crash("boom"));

        assertThat(exitReasonOf(supervisor.ref())).isEqualTo(ExitReason.SHUTDOWN);
    }

    @Test
    void restartsOfAnyChildCountTogether() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler,
                SupervisorSpec.oneForOne(worker("a"), worker("b")).withIntensity(2, Duration.ofSeconds(10)));
        crashAndAwaitRestart(supervisor, "a");
        crashAndAwaitRestart(supervisor, "b");

        supervisor.child("a").orElseThrow().send(new Crash("third"));

        assertThat(exitReasonOf(supervisor.ref())).isEqualTo(ExitReason.SHUTDOWN);
    }

    @Test
    void normalExitsOfATransientChildAreNotCounted() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(
                worker("t").withRestart(dev.actorkit.supervisor.Restart.TRANSIENT), worker("a"))
                .withIntensity(1, Duration.ofSeconds(10)));

        supervisor.child("t").orElseThrow().send(new SupervisorFixtures.ExitWith(ExitReason.NORMAL));
        eventually().until(() -> SupervisorFixtures.stateOf(supervisor, "t") == ChildState.STOPPED);
        crashAndAwaitRestart(supervisor, "a");

        assertThat(supervisor.ref().isAlive()).isTrue();
    }

    @Test
    void restartsOutsideTheWindowDoNotCount() throws Exception {
        Duration window = Duration.ofMillis(300);
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")).withIntensity(1, window));
        crashAndAwaitRestart(supervisor, "a");

        // Let the first restart fall out of the window; the supervisor must survive meanwhile.
        await().during(window.plusMillis(100)).atMost(WAIT).until(() -> supervisor.ref().isAlive());
        crashAndAwaitRestart(supervisor, "a");
        assertThat(supervisor.ref().isAlive()).isTrue();

        // ... but two within the window are one too many.
        supervisor.child("a").orElseThrow().send(new Crash("second within the window"));
        assertThat(exitReasonOf(supervisor.ref())).isEqualTo(ExitReason.SHUTDOWN);
    }

    @Test
    void oneForAllCountsOneRestartPerFailureNotPerRestartedChild() {
        Supervisor supervisor = Supervisor.start(scheduler,
                SupervisorSpec.oneForAll(worker("a"), worker("b"), worker("c")).withIntensity(1, Duration.ofSeconds(10)));

        crashAndAwaitRestart(supervisor, "b");

        assertThat(supervisor.ref().isAlive()).isTrue();
        assertThat(supervisor.countChildren().active()).isEqualTo(3);
    }

    // ---- nested supervisors ----

    @Test
    void aNestedSupervisorStartsItsChildrenBeforeTheNextSiblingStarts() {
        Supervisor.start(scheduler, SupervisorSpec.oneForOne(
                worker("a"),
                ChildSpec.supervisor("inner", SupervisorSpec.oneForOne(worker("b"), worker("c"))),
                worker("d")));

        assertThat(List.copyOf(journal)).containsExactly("a start", "b start", "c start", "d start");
    }

    @Test
    void stoppingATreeStopsItInReverseOrderDepthFirst() throws Exception {
        Supervisor root = Supervisor.start(scheduler, SupervisorSpec.oneForOne(
                trapping("a"),
                ChildSpec.supervisor("inner", SupervisorSpec.oneForOne(trapping("b"), trapping("c"))),
                trapping("d")));
        next(journal, 4);

        root.stop();

        assertThat(next(journal, 4)).containsExactly("d stop shutdown", "c stop shutdown", "b stop shutdown", "a stop shutdown");
    }

    @Test
    void whichAndCountChildrenReportANestedSupervisorAsASupervisor() {
        Supervisor root = Supervisor.start(scheduler, SupervisorSpec.oneForOne(
                worker("a"),
                ChildSpec.supervisor("inner", SupervisorSpec.oneForOne(worker("b"), worker("c")))));

        assertThat(root.whichChildren()).extracting(ChildInfo::id, ChildInfo::type, ChildInfo::state).containsExactly(
                Tuple.tuple("a", ChildType.WORKER, ChildState.RUNNING),
                Tuple.tuple("inner", ChildType.SUPERVISOR, ChildState.RUNNING));
        assertThat(root.countChildren()).isEqualTo(new ChildCounts(2, 2, 1, 1));
    }

    @Test
    void aNestedSupervisorRestartsItsOwnChildWithoutItsParentNoticing() throws Exception {
        Supervisor root = Supervisor.start(scheduler, SupervisorSpec.oneForOne(
                ChildSpec.supervisor("inner", SupervisorSpec.oneForOne(worker("b").withName(ProcessName.local("b"))))));
        Pid inner = pidOf(root, "inner");
        ProcessRef<?> b = scheduler.whereis("b").orElseThrow();

        b.send(new Crash("boom"));

        eventually().until(() -> scheduler.whereis("b").map(r -> !r.pid().equals(b.pid())).orElse(false));
        assertThat(pidOf(root, "inner")).isEqualTo(inner);
    }

    @Test
    void aNestedSupervisorThatGivesUpIsRestartedByItsParentWithFreshChildren() throws Exception {
        Supervisor root = Supervisor.start(scheduler, SupervisorSpec.oneForOne(
                worker("a"),
                ChildSpec.supervisor("inner", SupervisorSpec.oneForOne(worker("b").withName(ProcessName.local("b")))
                        .withIntensity(0, Duration.ofSeconds(10)))));
        Pid a = pidOf(root, "a");
        Pid inner = pidOf(root, "inner");
        ProcessRef<?> b = scheduler.whereis("b").orElseThrow();
        next(journal, 2);

        b.send(new Crash("boom"));

        assertThat(awaitRestart(root, "inner", inner)).isNotEqualTo(inner);
        eventually().until(() -> scheduler.whereis("b").map(r -> !r.pid().equals(b.pid())).orElse(false));
        assertThat(SupervisorFixtures.nextContaining(journal, "start")).isEqualTo("b start");
        assertThat(pidOf(root, "a")).isEqualTo(a);
        assertThat(root.ref().isAlive()).isTrue();
    }

    @Test
    void escalationStopsTheWholeTreeWhenTheParentGivesUpToo() throws Exception {
        Supervisor root = Supervisor.start(scheduler, SupervisorSpec.oneForOne(
                trapping("a"),
                ChildSpec.supervisor("inner", SupervisorSpec.oneForOne(trapping("b").withName(ProcessName.local("b")))
                        .withIntensity(0, Duration.ofSeconds(10))))
                .withIntensity(0, Duration.ofSeconds(10)));
        ProcessRef<Object> inner = root.child("inner").orElseThrow();
        next(journal, 2);

        scheduler.whereis("b").orElseThrow().send(new Crash("boom"));

        assertThat(exitReasonOf(root.ref())).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(inner.isAlive()).isFalse();
        assertThat(List.copyOf(journal)).contains("a stop shutdown");
    }
}
