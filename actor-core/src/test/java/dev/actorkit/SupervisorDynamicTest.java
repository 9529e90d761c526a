package dev.actorkit;

import static dev.actorkit.Await.exitReasonOf;
import static dev.actorkit.SupervisorFixtures.WAIT;
import static dev.actorkit.SupervisorFixtures.awaitRestart;
import static dev.actorkit.SupervisorFixtures.eventually;
import static dev.actorkit.SupervisorFixtures.monitor;
import static dev.actorkit.SupervisorFixtures.next;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.actorkit.SupervisorFixtures.Crash;
import dev.actorkit.SupervisorFixtures.ExitWith;
import dev.actorkit.SupervisorFixtures.FailingInit;
import dev.actorkit.SupervisorFixtures.Note;
import dev.actorkit.SupervisorFixtures.SelfRef;
import dev.actorkit.SupervisorFixtures.WhoAmI;
import dev.actorkit.SupervisorFixtures.Worker;
import dev.actorkit.supervisor.ChildCounts;
import dev.actorkit.supervisor.ChildInfo;
import dev.actorkit.supervisor.ChildSpec;
import dev.actorkit.supervisor.ChildState;
import dev.actorkit.supervisor.ChildType;
import dev.actorkit.supervisor.DynamicSupervisor;
import dev.actorkit.supervisor.DynamicSupervisorSpec;
import dev.actorkit.supervisor.Restart;
import dev.actorkit.supervisor.Shutdown;
import dev.actorkit.supervisor.SupervisorException;
import dev.actorkit.supervisor.SupervisorSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DynamicSupervisor}: Elixir's dynamic_supervisor_test.exs and supervisor_SUITE's
 * simple_one_for_one cases (start_child, max_children, terminate_child by pid, restart types,
 * intensity, shutdown of all children at once).
 */
@Timeout(30)
class SupervisorDynamicTest {

    @RegisterExtension
    final SchedulerExtension schedulerExtension = new SchedulerExtension(Duration.ofMillis(200));
    private final Scheduler scheduler = schedulerExtension.scheduler();
    private final BlockingQueue<String> journal = new LinkedBlockingQueue<>();

    private ChildSpec worker(String id) {
        return ChildSpec.worker(id, () -> new Worker(id, journal));
    }

    private DynamicSupervisor startDynamic() {
        return DynamicSupervisor.start(scheduler, DynamicSupervisorSpec.defaults());
    }

    private static SupervisorException.Reason reasonOf(Throwable e) {
        return ((SupervisorException) e).reason();
    }

    // ---- start ----

    @Test
    void aDynamicSupervisorStartsWithNoChildren() {
        DynamicSupervisor supervisor = startDynamic();

        assertThat(supervisor.whichChildren()).isEmpty();
        assertThat(supervisor.countChildren()).isEqualTo(new ChildCounts(0, 0, 0, 0));
        assertThat(supervisor.ref().isAlive()).isTrue();
    }

    @Test
    void startChildStartsTheChildAndReturnsItsStableRef() throws Exception {
        DynamicSupervisor supervisor = startDynamic();

        ProcessRef<Object> child = supervisor.startChild(worker("c"));

        assertThat(next(journal, 1)).containsExactly("c start");
        assertThat((Pid) child.call(new WhoAmI())).isEqualTo(child.pid());
        assertThat(supervisor.whichChildren()).extracting(ChildInfo::ref).containsExactly(child);
    }

    @Test
    void childrenMayShareASpecAndAreListedInStartOrder() {
        DynamicSupervisor supervisor = startDynamic();
        ChildSpec spec = worker("same");

        ProcessRef<Object> first = supervisor.startChild(spec);
        ProcessRef<Object> second = supervisor.startChild(spec);
        ProcessRef<Object> third = supervisor.startChild(spec);

        assertThat(supervisor.whichChildren()).extracting(ChildInfo::ref).containsExactly(first, second, third);
        assertThat(supervisor.whichChildren()).extracting(ChildInfo::type, ChildInfo::state)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(ChildType.WORKER, ChildState.RUNNING));
        assertThat(supervisor.countChildren()).isEqualTo(new ChildCounts(3, 3, 0, 3));
    }

    @Test
    void whichChildrenOfADynamicSupervisorGivesEveryChildTheIdUndefinedAsOtpDoes() {
        DynamicSupervisor supervisor = startDynamic();
        supervisor.startChild(worker("a"));
        supervisor.startChild(worker("b"));

        assertThat(supervisor.whichChildren()).extracting(ChildInfo::id).containsExactly("undefined", "undefined");
    }

    @Test
    void aNestedSupervisorCanBeADynamicChild() {
        DynamicSupervisor supervisor = startDynamic();

        supervisor.startChild(ChildSpec.supervisor("tree", SupervisorSpec.oneForOne(worker("leaf"))));
        supervisor.startChild(worker("w"));

        assertThat(supervisor.countChildren()).isEqualTo(new ChildCounts(2, 2, 1, 1));
        assertThat(supervisor.whichChildren()).extracting(ChildInfo::type).containsExactly(ChildType.SUPERVISOR, ChildType.WORKER);
    }

    @Test
    void startChildWhoseInitFailsThrowsProcessStartExceptionAndAddsNothing() {
        DynamicSupervisor supervisor = startDynamic();

        assertThatThrownBy(() -> supervisor.startChild(ChildSpec.worker("bad", FailingInit::new)))
                .isInstanceOf(ProcessStartException.class);

        assertThat(supervisor.countChildren()).isEqualTo(new ChildCounts(0, 0, 0, 0));
        assertThat(supervisor.ref().isAlive()).isTrue();
    }

    @Test
    void startLinkLinksTheDynamicSupervisorToTheCallerWhoseExitStopsItAndItsChildren() throws Exception {
        ProcessRef<Object> caller = Puppet.spawn(scheduler);
        DynamicSupervisor supervisor = Puppet.perform(caller, ctx -> DynamicSupervisor.startLink(DynamicSupervisorSpec.defaults()));
        ProcessRef<Object> child = supervisor.startChild(worker("c"));
        assertThat(scheduler.info(supervisor.ref()).orElseThrow().links()).contains(caller);

        Puppet.order(caller, ctx -> {
            ctx.exit(ExitReason.of("caller died"));
            return null;
        });

        assertThat(exitReasonOf(supervisor.ref())).isEqualTo(ExitReason.of("caller died"));
        assertThat(exitReasonOf(child)).isEqualTo(ExitReason.SHUTDOWN);
    }

    // ---- maxChildren ----

    @Test
    void startChildBeyondMaxChildrenFailsWithMaxChildren() {
        DynamicSupervisor supervisor = DynamicSupervisor.start(scheduler, DynamicSupervisorSpec.defaults().withMaxChildren(2));
        supervisor.startChild(worker("a"));
        supervisor.startChild(worker("b"));

        assertThatThrownBy(() -> supervisor.startChild(worker("c")))
                .isInstanceOf(SupervisorException.class)
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(SupervisorException.Reason.MAX_CHILDREN));
        assertThat(supervisor.countChildren().specs()).isEqualTo(2);
        assertThat(journal).doesNotContain("c start");
    }

    @Test
    void aSlotFreedByTerminateChildCanBeTakenAgainUnderMaxChildren() {
        DynamicSupervisor supervisor = DynamicSupervisor.start(scheduler, DynamicSupervisorSpec.defaults().withMaxChildren(1));
        ProcessRef<Object> a = supervisor.startChild(worker("a"));

        supervisor.terminateChild(a);
        ProcessRef<Object> b = supervisor.startChild(worker("b"));

        assertThat(supervisor.whichChildren()).extracting(ChildInfo::ref).containsExactly(b);
    }

    // ---- terminateChild ----

    @Test
    void terminateChildByStableRefStopsAndRemovesIt() throws Exception {
        DynamicSupervisor supervisor = startDynamic();
        ProcessRef<Object> a = supervisor.startChild(worker("a"));
        ProcessRef<Object> b = supervisor.startChild(worker("b"));

        supervisor.terminateChild(a);

        assertThat(exitReasonOf(a)).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(supervisor.whichChildren()).extracting(ChildInfo::ref).containsExactly(b);
        assertThat(supervisor.countChildren()).isEqualTo(new ChildCounts(1, 1, 0, 1));
    }

    @Test
    void terminateChildByTheCurrentIncarnationsRefStopsAndRemovesIt() throws Exception {
        DynamicSupervisor supervisor = startDynamic();
        ProcessRef<Object> a = supervisor.startChild(worker("a"));
        ProcessRef<Object> incarnation = a.call(new SelfRef());
        assertThat(incarnation).isNotSameAs(a);

        supervisor.terminateChild(incarnation);

        assertThat(incarnation.isAlive()).isFalse();
        assertThat(exitReasonOf(a)).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(supervisor.whichChildren()).isEmpty();
    }

    @Test
    void terminateChildOfAProcessThatIsNotAChildFailsWithNotFound() throws Exception {
        DynamicSupervisor supervisor = startDynamic();
        ProcessRef<Object> stranger = Puppet.spawn(scheduler);

        assertThatThrownBy(() -> supervisor.terminateChild(stranger))
                .isInstanceOf(SupervisorException.class)
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(SupervisorException.Reason.NOT_FOUND));
        assertThat(stranger.isAlive()).isTrue();
    }

    @Test
    void terminateChildOfAChildAlreadyTerminatedFailsWithNotFound() {
        DynamicSupervisor supervisor = startDynamic();
        ProcessRef<Object> a = supervisor.startChild(worker("a"));
        supervisor.terminateChild(a);

        assertThatThrownBy(() -> supervisor.terminateChild(a))
                .isInstanceOf(SupervisorException.class)
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(SupervisorException.Reason.NOT_FOUND));
    }

    @Test
    void terminateChildOfAnotherDynamicSupervisorsChildFailsWithNotFound() {
        DynamicSupervisor one = startDynamic();
        DynamicSupervisor other = startDynamic();
        ProcessRef<Object> theirs = other.startChild(worker("theirs"));

        assertThatThrownBy(() -> one.terminateChild(theirs))
                .isInstanceOf(SupervisorException.class)
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(SupervisorException.Reason.NOT_FOUND));
        assertThat(theirs.isAlive()).isTrue();
    }

    // ---- restart types ----

    static Stream<Arguments> normalExits() {
        return Stream.of(
                Arguments.of(Restart.TEMPORARY, ExitReason.NORMAL),
                Arguments.of(Restart.TRANSIENT, ExitReason.NORMAL),
                Arguments.of(Restart.TRANSIENT, ExitReason.SHUTDOWN),
                Arguments.of(Restart.TRANSIENT, ExitReason.shutdown("done")));
    }

    @ParameterizedTest(name = "a {0} child that exits with {1} is removed")
    @MethodSource("normalExits")
    void aChildThatIsNotRestartedAfterItsExitIsRemoved(Restart restart, ExitReason reason) throws Exception {
        DynamicSupervisor supervisor = startDynamic();
        ProcessRef<Object> child = supervisor.startChild(worker("c").withRestart(restart));
        ProcessRef<Object> other = supervisor.startChild(worker("other"));

        child.send(new ExitWith(reason));

        assertThat(exitReasonOf(child)).isEqualTo(reason);
        eventually().until(() -> supervisor.whichChildren().size() == 1);
        assertThat(supervisor.whichChildren()).extracting(ChildInfo::ref).containsExactly(other);
    }

    @Test
    void aTemporaryChildThatCrashesIsRemovedNotRestarted() throws Exception {
        DynamicSupervisor supervisor = startDynamic();
        ProcessRef<Object> child = supervisor.startChild(worker("t").withRestart(Restart.TEMPORARY));

        child.send(new Crash("boom"));

        eventually().until(() -> supervisor.whichChildren().isEmpty());
        assertThat(exitReasonOf(child)).isInstanceOf(ExitReason.Error.class);
        assertThat(journal.stream().filter("t start"::equals)).hasSize(1);
    }

    @Test
    void aTransientChildThatCrashesIsRestarted() {
        DynamicSupervisor supervisor = startDynamic();
        ProcessRef<Object> child = supervisor.startChild(worker("t").withRestart(Restart.TRANSIENT));
        Pid first = child.pid();

        child.send(new Crash("boom"));

        assertThat(awaitRestart(child, first)).isNotEqualTo(first);
        assertThat(supervisor.countChildren()).isEqualTo(new ChildCounts(1, 1, 0, 1));
    }

    @Test
    void aPermanentChildThatExitsNormallyIsRestarted() {
        DynamicSupervisor supervisor = startDynamic();
        ProcessRef<Object> child = supervisor.startChild(worker("p"));
        Pid first = child.pid();

        child.send(new ExitWith(ExitReason.NORMAL));

        assertThat(awaitRestart(child, first)).isNotEqualTo(first);
    }

    @Test
    void restartsAreOneForOneAndKeepTheStableRef() throws Exception {
        DynamicSupervisor supervisor = startDynamic();
        ProcessRef<Object> a = supervisor.startChild(worker("a"));
        ProcessRef<Object> b = supervisor.startChild(worker("b"));
        Pid a1 = a.pid();
        Pid b1 = b.pid();
        next(journal, 2);

        a.send(new Crash("boom"));
        a.send(new Note("after the crash"));

        assertThat(awaitRestart(a, a1)).isNotEqualTo(a1);
        assertThat(SupervisorFixtures.nextContaining(journal, "got")).isEqualTo("a got after the crash");
        assertThat(b.pid()).isEqualTo(b1);
        assertThat(supervisor.whichChildren()).extracting(ChildInfo::ref).containsExactly(a, b);
    }

    // ---- intensity ----

    @Test
    void moreRestartsThanTheIntensityAllowsStopTheChildrenAndTheSupervisorWithShutdown() throws Exception {
        DynamicSupervisor supervisor = DynamicSupervisor.start(scheduler,
                DynamicSupervisorSpec.defaults().withIntensity(1, Duration.ofSeconds(10)));
        ProcessRef<Object> flaky = supervisor.startChild(worker("flaky"));
        ProcessRef<Object> steady = supervisor.startChild(worker("steady"));
        Pid first = flaky.pid();
        flaky.send(new Crash("one"));
        awaitRestart(flaky, first);

        flaky.send(new Crash("two"));

        assertThat(exitReasonOf(supervisor.ref())).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(exitReasonOf(steady)).isEqualTo(ExitReason.SHUTDOWN);
    }

    // ---- stop ----

    @Test
    void stopShutsAllChildrenDownInParallelAndEachExitsWithShutdown() throws Exception {
        int n = 4;
        CountDownLatch trapping = new CountDownLatch(n);
        CountDownLatch allAsked = new CountDownLatch(n);
        DynamicSupervisor supervisor = startDynamic();
        // Each child exits with SHUTDOWN only once every child has been asked to stop: stopping them
        // one after the other would leave the first waiting until its shutdown timeout kills it.
        ChildSpec spec = ChildSpec.worker("p", ctx -> {
            ctx.trapExits(true);
            trapping.countDown();
            Exit exit = ctx.receive(Exit.class, WAIT.multipliedBy(2)).orElseThrow();
            allAsked.countDown();
            boolean together = allAsked.await(1_000, MILLISECONDS);
            ctx.exit(together ? exit.reason() : ExitReason.of("stopped alone"));
        }).withShutdown(Shutdown.timeout(Duration.ofSeconds(2)));
        List<ProcessRef<Object>> children = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            children.add(supervisor.startChild(spec));
        }
        assertThat(trapping.await(WAIT.toMillis(), MILLISECONDS)).isTrue();

        supervisor.stop();

        for (ProcessRef<Object> child : children) {
            assertThat(exitReasonOf(child)).isEqualTo(ExitReason.SHUTDOWN);
        }
        assertThat(exitReasonOf(supervisor.ref())).isEqualTo(ExitReason.SHUTDOWN);
    }

    @Test
    void stopWaitsForEveryChildBeforeTheSupervisorExits() throws Exception {
        DynamicSupervisor supervisor = startDynamic();
        Inbox downs = Inbox.started(scheduler);
        ProcessRef<Object> watcher = Puppet.spawnTrapping(scheduler, downs);
        List<MonitorRef> children = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            children.add(monitor(watcher, supervisor.startChild(worker("w" + i))));
        }
        MonitorRef sup = monitor(watcher, supervisor.ref());

        supervisor.stop();

        List<Down> received = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            received.add(downs.next(Down.class));
        }
        assertThat(received.getLast().ref()).isEqualTo(sup);
        assertThat(received.subList(0, 5)).extracting(Down::ref).containsExactlyInAnyOrderElementsOf(children);
        assertThat(received).extracting(Down::reason).containsOnly(ExitReason.SHUTDOWN);
    }

    @Test
    void stopAppliesABrutalKillSpecToItsChild() throws Exception {
        DynamicSupervisor supervisor = startDynamic();
        ProcessRef<Object> brutal = supervisor.startChild(worker("b").withShutdown(Shutdown.brutalKill()));
        ProcessRef<Object> polite = supervisor.startChild(worker("p"));

        supervisor.stop();

        assertThat(exitReasonOf(brutal)).isEqualTo(ExitReason.KILLED);
        assertThat(exitReasonOf(polite)).isEqualTo(ExitReason.SHUTDOWN);
    }
}
