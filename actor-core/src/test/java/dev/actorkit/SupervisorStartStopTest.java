package dev.actorkit;

import static dev.actorkit.Await.exitReasonOf;
import static dev.actorkit.SupervisorFixtures.eventually;
import static dev.actorkit.SupervisorFixtures.monitor;
import static dev.actorkit.SupervisorFixtures.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.actorkit.SupervisorFixtures.FailingInit;
import dev.actorkit.SupervisorFixtures.TrappingWorker;
import dev.actorkit.SupervisorFixtures.Worker;
import dev.actorkit.supervisor.ChildCounts;
import dev.actorkit.supervisor.ChildInfo;
import dev.actorkit.supervisor.ChildSpec;
import dev.actorkit.supervisor.ChildState;
import dev.actorkit.supervisor.Supervisor;
import dev.actorkit.supervisor.SupervisorSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Starting and stopping supervisors: supervisor_SUITE's start/stop cases (sup_start_*, sup_stop_*,
 * the failing child start) and Elixir's supervisor_test.exs start_link cases.
 */
@Timeout(30)
class SupervisorStartStopTest {

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

    // ---- start ----

    @Test
    void startStartsTheChildrenInSpecOrderBeforeItReturns() {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a"), worker("b"), worker("c")));

        assertThat(List.copyOf(journal)).containsExactly("a start", "b start", "c start");
        assertThat(supervisor.whichChildren()).extracting(ChildInfo::id, ChildInfo::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", ChildState.RUNNING),
                org.assertj.core.groups.Tuple.tuple("b", ChildState.RUNNING),
                org.assertj.core.groups.Tuple.tuple("c", ChildState.RUNNING));
    }

    @Test
    void aSupervisorWithoutChildrenStartsAndHasNone() {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne());

        assertThat(supervisor.ref().isAlive()).isTrue();
        assertThat(supervisor.whichChildren()).isEmpty();
        assertThat(supervisor.countChildren()).isEqualTo(new ChildCounts(0, 0, 0, 0));
    }

    @Test
    void theSupervisorIsLinkedToEachOfItsChildren() {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a"), worker("b")));
        ProcessRef<Object> a = supervisor.child("a").orElseThrow();
        ProcessRef<Object> b = supervisor.child("b").orElseThrow();

        assertThat(scheduler.info(supervisor.ref()).orElseThrow().links()).extracting(ProcessRef::pid)
                .containsExactlyInAnyOrder(a.pid(), b.pid());
        assertThat(scheduler.info(supervisor.ref()).orElseThrow().trapExit()).isTrue();
    }

    // ---- stop ----

    @Test
    void stopShutsTrappingChildrenDownInReverseStartOrder() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(trapping("a"), trapping("b"), trapping("c")));
        next(journal, 3);

        supervisor.stop();

        assertThat(next(journal, 3)).containsExactly("c stop shutdown", "b stop shutdown", "a stop shutdown");
        assertThat(exitReasonOf(supervisor.ref())).isEqualTo(ExitReason.SHUTDOWN);
    }

    @Test
    void stopShutsChildrenDownInReverseOrderBeforeTheSupervisorExits() throws Exception {
        // The watcher starts first: close() stops roots in reverse start order, so it outlives the supervisor.
        Inbox downs = Inbox.started(scheduler);
        ProcessRef<Object> watcher = Puppet.spawnTrapping(scheduler, downs);
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a"), worker("b"), worker("c")));
        MonitorRef a = monitor(watcher, supervisor.child("a").orElseThrow());
        MonitorRef b = monitor(watcher, supervisor.child("b").orElseThrow());
        MonitorRef c = monitor(watcher, supervisor.child("c").orElseThrow());
        MonitorRef sup = monitor(watcher, supervisor.ref());

        supervisor.stop();

        List<Down> order = List.of(downs.next(Down.class), downs.next(Down.class), downs.next(Down.class), downs.next(Down.class));
        assertThat(order).extracting(Down::ref).containsExactly(c, b, a, sup);
        assertThat(order).extracting(Down::reason).containsOnly(ExitReason.SHUTDOWN);
    }

    @Test
    void stopWithAReasonShutsTheChildrenDownAndExitsWithThatReason() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(trapping("a")));
        next(journal, 1);

        supervisor.stop(ExitReason.of("maintenance"));

        assertThat(next(journal, 1)).containsExactly("a stop shutdown");
        assertThat(exitReasonOf(supervisor.ref())).isEqualTo(ExitReason.of("maintenance"));
    }

    @Test
    void theStableRefsOfAStoppedSupervisorsChildrenTerminateWithShutdown() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));
        ProcessRef<Object> a = supervisor.child("a").orElseThrow();

        supervisor.stop();

        assertThat(exitReasonOf(a)).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(a.isAlive()).isFalse();
    }

    @Test
    void killingTheSupervisorTakesItsChildrenDownThroughTheirLinks() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a"), worker("b")));
        Inbox downs = Inbox.started(scheduler);
        ProcessRef<Object> watcher = Puppet.spawnTrapping(scheduler, downs);
        monitor(watcher, supervisor.child("a").orElseThrow());
        monitor(watcher, supervisor.child("b").orElseThrow());

        scheduler.exit(supervisor.ref(), ExitReason.KILL);

        assertThat(List.of(downs.next(Down.class), downs.next(Down.class))).extracting(Down::reason)
                .containsOnly(ExitReason.KILLED);
        assertThat(exitReasonOf(supervisor.ref())).isEqualTo(ExitReason.KILLED);
    }

    // ---- start_link ----

    @Test
    void startLinkLinksTheSupervisorToTheCallingProcess() throws Exception {
        ProcessRef<Object> caller = Puppet.spawn(scheduler);

        Supervisor supervisor = Puppet.perform(caller, ctx -> Supervisor.startLink(SupervisorSpec.oneForOne(worker("a"))));

        assertThat(scheduler.info(supervisor.ref()).orElseThrow().links()).contains(caller);
        assertThat(scheduler.info(caller).orElseThrow().links()).contains(supervisor.ref());
    }

    @Test
    void theCallersExitStopsTheLinkedSupervisorAfterItsChildren() throws Exception {
        ProcessRef<Object> caller = Puppet.spawn(scheduler);
        Supervisor supervisor = Puppet.perform(caller, ctx ->
                Supervisor.startLink(SupervisorSpec.oneForOne(worker("a"), worker("b"))));
        Inbox downs = Inbox.started(scheduler);
        ProcessRef<Object> watcher = Puppet.spawnTrapping(scheduler, downs);
        MonitorRef a = monitor(watcher, supervisor.child("a").orElseThrow());
        MonitorRef b = monitor(watcher, supervisor.child("b").orElseThrow());
        MonitorRef sup = monitor(watcher, supervisor.ref());

        Puppet.order(caller, ctx -> {
            ctx.exit(ExitReason.of("caller died"));
            return null;
        });

        Down first = downs.next(Down.class);
        Down second = downs.next(Down.class);
        Down third = downs.next(Down.class);
        assertThat(List.of(first.ref(), second.ref(), third.ref())).containsExactly(b, a, sup);
        assertThat(first.reason()).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(second.reason()).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(third.reason()).isEqualTo(ExitReason.of("caller died"));
    }

    @Test
    void theCallersNormalExitAlsoStopsTheLinkedSupervisor() throws Exception {
        ProcessRef<Object> caller = Puppet.spawn(scheduler);
        Supervisor supervisor = Puppet.perform(caller, ctx -> Supervisor.startLink(SupervisorSpec.oneForOne(trapping("a"))));
        next(journal, 1);

        Puppet.order(caller, ctx -> {
            ctx.exit(ExitReason.NORMAL);
            return null;
        });

        assertThat(next(journal, 1)).containsExactly("a stop shutdown");
        assertThat(exitReasonOf(supervisor.ref())).isEqualTo(ExitReason.NORMAL);
    }

    @Test
    void anExitSignalFromAProcessOtherThanItsParentDoesNotStopTheSupervisor() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));
        ProcessRef<Object> stranger = Puppet.spawn(scheduler);

        Puppet.perform(stranger, ctx -> {
            ctx.exit(supervisor.ref(), ExitReason.of("go away"));
            return null;
        });

        assertThat(supervisor.whichChildren()).extracting(ChildInfo::state).containsExactly(ChildState.RUNNING);
        assertThat(supervisor.ref().isAlive()).isTrue();
    }

    // ---- failing starts ----

    @Test
    void aChildFailingToStartMakesStartThrowAfterStoppingTheChildrenStartedBeforeIt() throws Exception {
        SupervisorSpec spec = SupervisorSpec.oneForOne(trapping("a"), trapping("b"),
                ChildSpec.worker("c", FailingInit::new), trapping("d"));

        assertThatThrownBy(() -> Supervisor.start(scheduler, spec))
                .isInstanceOf(ProcessStartException.class)
                .hasMessageContaining("'c'");

        assertThat(next(journal, 4)).containsExactly("a start", "b start", "b stop shutdown", "a stop shutdown");
        eventually().untilAsserted(() -> assertThat(scheduler.processes()).isEmpty());
    }

    @Test
    void aChildWhoseFactoryThrowsMakesStartThrowAndLeavesNoProcessBehind() {
        SupervisorSpec spec = SupervisorSpec.oneForOne(worker("a"), ChildSpec.worker("b", () -> {
            throw new IllegalStateException("no instance");
        }));

        assertThatThrownBy(() -> Supervisor.start(scheduler, spec))
                .isInstanceOf(ProcessStartException.class)
                .hasMessageContaining("'b'");

        eventually().untilAsserted(() -> assertThat(scheduler.processes()).isEmpty());
    }

    @Test
    void aChildWhoseNameIsTakenMakesStartThrow() throws Exception {
        ProcessRef<Object> holder = Puppet.spawn(scheduler);
        scheduler.register("taken", holder);
        SupervisorSpec spec = SupervisorSpec.oneForOne(worker("a").withName(ProcessName.local("taken")));

        assertThatThrownBy(() -> Supervisor.start(scheduler, spec))
                .isInstanceOf(ProcessStartException.class)
                .hasMessageContaining("taken");

        eventually().untilAsserted(() -> assertThat(scheduler.processes()).containsExactly(holder));
        assertThat(scheduler.whereis("taken")).contains(holder);
    }

    // ---- Scheduler.close ----

    @Test
    void closingTheSchedulerStopsASupervisorsTrappingChildrenInReverseOrder() throws Exception {
        Supervisor.start(scheduler, SupervisorSpec.oneForOne(trapping("a"), trapping("b"), trapping("c")));
        next(journal, 3);

        scheduler.close(Duration.ofSeconds(2));

        assertThat(journal.stream().filter(e -> e.contains(" stop ")).toList())
                .containsExactly("c stop shutdown", "b stop shutdown", "a stop shutdown");
    }

    @Test
    void closingTheSchedulerStopsASupervisorsChildrenInReverseOrder() throws Exception {
        // The watcher starts first: close() stops roots in reverse start order, so it outlives the supervisor.
        Inbox downs = Inbox.started(scheduler);
        ProcessRef<Object> watcher = Puppet.spawnTrapping(scheduler, downs);
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a"), worker("b"), worker("c")));
        MonitorRef a = monitor(watcher, supervisor.child("a").orElseThrow());
        MonitorRef b = monitor(watcher, supervisor.child("b").orElseThrow());
        MonitorRef c = monitor(watcher, supervisor.child("c").orElseThrow());

        scheduler.close(Duration.ofMillis(300));

        List<Object> seen = new java.util.ArrayList<>();
        for (int i = 0; seen.size() < 3 && i < 10; i++) {
            if (downs.next() instanceof Down down) {
                seen.add(down.ref());
            }
        }
        assertThat(seen).containsExactly(c, b, a);
    }
}
