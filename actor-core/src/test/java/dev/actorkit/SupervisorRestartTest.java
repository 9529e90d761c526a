package dev.actorkit;

import static dev.actorkit.SupervisorFixtures.awaitRestart;
import static dev.actorkit.SupervisorFixtures.eventually;
import static dev.actorkit.SupervisorFixtures.expectQuiet;
import static dev.actorkit.SupervisorFixtures.infoOf;
import static dev.actorkit.SupervisorFixtures.next;
import static dev.actorkit.SupervisorFixtures.pidOf;
import static dev.actorkit.SupervisorFixtures.stateOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.actorkit.SupervisorFixtures.Crash;
import dev.actorkit.SupervisorFixtures.ExitWith;
import dev.actorkit.SupervisorFixtures.TrappingWorker;
import dev.actorkit.SupervisorFixtures.Worker;
import dev.actorkit.supervisor.ChildCounts;
import dev.actorkit.supervisor.ChildInfo;
import dev.actorkit.supervisor.ChildSpec;
import dev.actorkit.supervisor.ChildState;
import dev.actorkit.supervisor.Restart;
import dev.actorkit.supervisor.Supervisor;
import dev.actorkit.supervisor.SupervisorSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Restart types × exit reasons and the three strategies: supervisor_SUITE's permanent/transient/
 * temporary_normal/shutdown/abnormal cases, one_for_all, rest_for_one, temporary bystanders, and the
 * failing restart that is retried.
 */
@Timeout(30)
class SupervisorRestartTest {

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

    // ---- restart types × exit reasons ----

    /** How the test makes a child exit. */
    enum Ending {
        NORMAL, SHUTDOWN, SHUTDOWN_WITH_DETAIL, CRASH, OTHER_REASON, KILLED;

        void apply(Scheduler scheduler, ProcessRef<Object> child) {
            switch (this) {
                case NORMAL -> child.send(new ExitWith(ExitReason.NORMAL));
                case SHUTDOWN -> child.send(new ExitWith(ExitReason.SHUTDOWN));
                case SHUTDOWN_WITH_DETAIL -> child.send(new ExitWith(ExitReason.shutdown("detail")));
                case CRASH -> child.send(new Crash("boom"));
                case OTHER_REASON -> child.send(new ExitWith(ExitReason.of("abnormal")));
                case KILLED -> scheduler.exit(child, ExitReason.KILL);
            }
        }

        boolean abnormal() {
            return this == CRASH || this == OTHER_REASON || this == KILLED;
        }
    }

    static Stream<Arguments> restartTypesAndEndings() {
        return Stream.of(Restart.values()).flatMap(restart -> Stream.of(Ending.values()).map(ending -> Arguments.of(restart,
                ending, switch (restart) {
                    case PERMANENT -> true;
                    case TRANSIENT -> ending.abnormal();
                    case TEMPORARY -> false;
                })));
    }

    @ParameterizedTest(name = "a {0} child that exits by {1} is restarted: {2}")
    @MethodSource("restartTypesAndEndings")
    void aChildIsRestartedAfterItExitsOnlyIfItsRestartTypeSaysSo(Restart restart, Ending ending, boolean restarted)
            throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler,
                SupervisorSpec.oneForOne(worker("x").withRestart(restart), worker("other")));
        ProcessRef<Object> x = supervisor.child("x").orElseThrow();
        Pid first = x.pid();
        next(journal, 2);

        ending.apply(scheduler, x);

        if (restarted) {
            Pid second = awaitRestart(supervisor, "x", first);
            assertThat(second).isNotEqualTo(first);
            assertThat(nextStart()).isEqualTo("x start");
            assertThat(supervisor.countChildren()).isEqualTo(new ChildCounts(2, 2, 0, 2));
        } else if (restart == Restart.TEMPORARY) {
            eventually().until(() -> supervisor.whichChildren().size() == 1);
            assertThat(supervisor.whichChildren()).extracting(ChildInfo::id).containsExactly("other");
            assertThat(supervisor.child("x")).isEmpty();
            assertThat(supervisor.countChildren()).isEqualTo(new ChildCounts(1, 1, 0, 1));
        } else {
            eventually().until(() -> stateOf(supervisor, "x") == ChildState.STOPPED);
            assertThat(supervisor.countChildren()).isEqualTo(new ChildCounts(2, 1, 0, 2));
            assertThat(x.isAlive()).isFalse();
        }
        if (!restarted) {
            expectQuiet(startsOnly(), Duration.ofMillis(100));
        }
        assertThat(supervisor.ref().isAlive()).isTrue();
    }

    /** The next "... start" entry of the journal, skipping the others. */
    private String nextStart() throws InterruptedException {
        return SupervisorFixtures.nextContaining(journal, " start");
    }

    /** The journal's start entries (to check that none follows). */
    private BlockingQueue<String> startsOnly() {
        journal.removeIf(e -> !e.endsWith(" start"));
        return journal;
    }

    @Test
    void aPermanentBlockingWorkerWhoseBodyReturnsIsRestarted() {
        AtomicInteger runs = new AtomicInteger();
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(ChildSpec.worker("once", ctx -> {
            if (runs.incrementAndGet() == 1) {
                return; // NORMAL
            }
            ctx.receive();
        })));

        eventually().until(() -> runs.get() == 2 && stateOf(supervisor, "once") == ChildState.RUNNING);
        assertThat(supervisor.ref().isAlive()).isTrue();
    }

    @Test
    void aTransientBlockingWorkerWhoseBodyReturnsIsNotRestarted() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(ChildSpec.worker("once", ctx -> {
            runs.incrementAndGet();
        }).withRestart(Restart.TRANSIENT)));

        eventually().until(() -> stateOf(supervisor, "once") == ChildState.STOPPED);
        assertThat(runs.get()).isEqualTo(1);
        assertThat(Await.exitReasonOf(supervisor.child("once").orElseThrow())).isEqualTo(ExitReason.NORMAL);
    }

    @Test
    void aTransientBlockingWorkerWhoseBodyThrowsIsRestarted() {
        AtomicInteger runs = new AtomicInteger();
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(ChildSpec.worker("flaky", ctx -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("first run fails");
            }
            ctx.receive();
        }).withRestart(Restart.TRANSIENT)));

        eventually().until(() -> runs.get() == 2 && stateOf(supervisor, "flaky") == ChildState.RUNNING);
    }

    // ---- one_for_one ----

    @Test
    void oneForOneRestartsOnlyTheChildThatFailed() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a"), worker("b"), worker("c")));
        Pid a = pidOf(supervisor, "a");
        Pid b = pidOf(supervisor, "b");
        Pid c = pidOf(supervisor, "c");
        next(journal, 3);

        supervisor.child("b").orElseThrow().send(new Crash("boom"));

        assertThat(awaitRestart(supervisor, "b", b)).isNotEqualTo(b);
        assertThat(next(journal, 2)).element(1).isEqualTo("b start");
        assertThat(pidOf(supervisor, "a")).isEqualTo(a);
        assertThat(pidOf(supervisor, "c")).isEqualTo(c);
        expectQuiet(journal, Duration.ofMillis(100));
    }

    // ---- one_for_all ----

    @Test
    void oneForAllStopsTheOthersInReverseOrderThenRestartsAllInOrder() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler,
                SupervisorSpec.oneForAll(trapping("a"), trapping("b"), trapping("c"), trapping("d")));
        List<Pid> before = List.of(pidOf(supervisor, "a"), pidOf(supervisor, "b"), pidOf(supervisor, "c"), pidOf(supervisor, "d"));
        next(journal, 4);

        supervisor.child("b").orElseThrow().send(new Crash("boom"));

        List<String> entries = next(journal, 8);
        assertThat(entries.get(0)).startsWith("b stop {error, java.lang.IllegalStateException: boom");
        assertThat(entries.subList(1, 8)).containsExactly("d stop shutdown", "c stop shutdown", "a stop shutdown",
                "a start", "b start", "c start", "d start");
        for (int i = 0; i < 4; i++) {
            assertThat(pidOf(supervisor, List.of("a", "b", "c", "d").get(i))).isNotEqualTo(before.get(i));
        }
        assertThat(supervisor.whichChildren()).extracting(ChildInfo::id).containsExactly("a", "b", "c", "d");
    }

    @Test
    void oneForAllDoesNotRestartATemporaryBystanderAndRemovesItsSpec() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler,
                SupervisorSpec.oneForAll(trapping("a").withRestart(Restart.TEMPORARY), trapping("b"), trapping("c")));
        ProcessRef<Object> a = supervisor.child("a").orElseThrow();
        next(journal, 3);

        supervisor.child("b").orElseThrow().send(new Crash("boom"));

        List<String> entries = next(journal, 5);
        assertThat(entries.subList(1, 5)).containsExactly("c stop shutdown", "a stop shutdown", "b start", "c start");
        assertThat(supervisor.whichChildren()).extracting(ChildInfo::id).containsExactly("b", "c");
        assertThat(a.isAlive()).isFalse();
        expectQuiet(journal, Duration.ofMillis(100));
    }

    @Test
    void oneForAllRestartsATransientBystanderThatWasRunning() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler,
                SupervisorSpec.oneForAll(worker("a").withRestart(Restart.TRANSIENT), worker("b")));
        Pid a = pidOf(supervisor, "a");
        Pid b = pidOf(supervisor, "b");

        supervisor.child("b").orElseThrow().send(new Crash("boom"));

        assertThat(awaitRestart(supervisor, "b", b)).isNotEqualTo(b);
        assertThat(awaitRestart(supervisor, "a", a)).isNotEqualTo(a);
        assertThat(supervisor.countChildren().active()).isEqualTo(2);
    }

    @Test
    void oneForAllDoesNothingWhenATransientChildExitsNormally() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler,
                SupervisorSpec.oneForAll(worker("a"), worker("b").withRestart(Restart.TRANSIENT)));
        Pid a = pidOf(supervisor, "a");
        next(journal, 2);

        supervisor.child("b").orElseThrow().send(new ExitWith(ExitReason.NORMAL));

        eventually().until(() -> stateOf(supervisor, "b") == ChildState.STOPPED);
        assertThat(pidOf(supervisor, "a")).isEqualTo(a);
        assertThat(stateOf(supervisor, "a")).isEqualTo(ChildState.RUNNING);
    }

    // ---- rest_for_one ----

    @Test
    void restForOneRestartsTheFailedChildAndTheLaterOnesWhileEarlierOnesKeepTheirPid() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler,
                SupervisorSpec.restForOne(trapping("a"), trapping("b"), trapping("c"), trapping("d")));
        Pid a = pidOf(supervisor, "a");
        Pid b = pidOf(supervisor, "b");
        Pid c = pidOf(supervisor, "c");
        Pid d = pidOf(supervisor, "d");
        next(journal, 4);

        supervisor.child("b").orElseThrow().send(new Crash("boom"));

        List<String> entries = next(journal, 6);
        assertThat(entries.get(0)).startsWith("b stop {error,");
        assertThat(entries.subList(1, 6)).containsExactly("d stop shutdown", "c stop shutdown", "b start", "c start", "d start");
        assertThat(pidOf(supervisor, "a")).isEqualTo(a);
        assertThat(List.of(pidOf(supervisor, "b"), pidOf(supervisor, "c"), pidOf(supervisor, "d"))).doesNotContain(b, c, d);
        expectQuiet(journal, Duration.ofMillis(100));
    }

    @Test
    void restForOneRestartsOnlyTheLastChildWhenTheLastFails() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.restForOne(worker("a"), worker("b"), worker("c")));
        Pid a = pidOf(supervisor, "a");
        Pid b = pidOf(supervisor, "b");
        Pid c = pidOf(supervisor, "c");

        supervisor.child("c").orElseThrow().send(new Crash("boom"));

        awaitRestart(supervisor, "c", c);
        assertThat(pidOf(supervisor, "a")).isEqualTo(a);
        assertThat(pidOf(supervisor, "b")).isEqualTo(b);
    }

    @Test
    void restForOneDoesNotRestartATemporaryChildStartedAfterTheFailedOne() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler,
                SupervisorSpec.restForOne(worker("a"), worker("b"), worker("c").withRestart(Restart.TEMPORARY)));
        Pid b = pidOf(supervisor, "b");
        ProcessRef<Object> c = supervisor.child("c").orElseThrow();

        supervisor.child("b").orElseThrow().send(new Crash("boom"));

        awaitRestart(supervisor, "b", b);
        assertThat(supervisor.whichChildren()).extracting(ChildInfo::id).containsExactly("a", "b");
        assertThat(c.isAlive()).isFalse();
        assertThat(Await.exitReasonOf(c)).isEqualTo(ExitReason.SHUTDOWN);
    }

    // ---- a restart that fails ----

    @Test
    void aFailedRestartIsRetriedUntilTheChildStarts() throws Exception {
        AtomicInteger instances = new AtomicInteger();
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(ChildSpec.worker("a", () -> {
            if (instances.incrementAndGet() == 2) {
                throw new IllegalStateException("the first restart fails");
            }
            return new Worker("a", journal);
        })));
        Pid first = pidOf(supervisor, "a");

        supervisor.child("a").orElseThrow().send(new Crash("boom"));

        awaitRestart(supervisor, "a", first);
        assertThat(instances.get()).isEqualTo(3);
        assertThat(infoOf(supervisor, "a").state()).isEqualTo(ChildState.RUNNING);
    }

    @Test
    void aFailedRestartCountsTowardsTheIntensity() throws Exception {
        AtomicInteger instances = new AtomicInteger();
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(ChildSpec.worker("a", () -> {
            if (instances.incrementAndGet() == 2) {
                throw new IllegalStateException("the first restart fails");
            }
            return new Worker("a", journal);
        })).withIntensity(1, Duration.ofSeconds(10)));

        supervisor.child("a").orElseThrow().send(new Crash("boom"));

        assertThat(Await.exitReasonOf(supervisor.ref())).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(instances.get()).isEqualTo(2);
    }
}
