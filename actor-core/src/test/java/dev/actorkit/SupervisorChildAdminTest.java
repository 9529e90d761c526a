package dev.actorkit;

import static dev.actorkit.Await.exitReasonOf;
import static dev.actorkit.SupervisorFixtures.WAIT;
import static dev.actorkit.SupervisorFixtures.awaitRestart;
import static dev.actorkit.SupervisorFixtures.eventually;
import static dev.actorkit.SupervisorFixtures.next;
import static dev.actorkit.SupervisorFixtures.pidOf;
import static dev.actorkit.SupervisorFixtures.stateOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.actorkit.SupervisorFixtures.Crash;
import dev.actorkit.SupervisorFixtures.ExitWith;
import dev.actorkit.SupervisorFixtures.FailingInit;
import dev.actorkit.SupervisorFixtures.Note;
import dev.actorkit.SupervisorFixtures.WhoAmI;
import dev.actorkit.SupervisorFixtures.Worker;
import dev.actorkit.supervisor.ChildCounts;
import dev.actorkit.supervisor.ChildInfo;
import dev.actorkit.supervisor.ChildSpec;
import dev.actorkit.supervisor.ChildState;
import dev.actorkit.supervisor.ChildType;
import dev.actorkit.supervisor.Restart;
import dev.actorkit.supervisor.Supervisor;
import dev.actorkit.supervisor.SupervisorException;
import dev.actorkit.supervisor.SupervisorSpec;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Child administration with OTP's error cases: supervisor_SUITE's sup_start_child/terminate_child/
 * restart_child/delete_child cases, which_children, count_children, order_of_children, and Elixir's
 * supervisor_test.exs equivalents.
 */
@Timeout(30)
class SupervisorChildAdminTest {

    @RegisterExtension
    final SchedulerExtension schedulerExtension = new SchedulerExtension(Duration.ofMillis(200));
    private final Scheduler scheduler = schedulerExtension.scheduler();
    private final BlockingQueue<String> journal = new LinkedBlockingQueue<>();

    private ChildSpec worker(String id) {
        return ChildSpec.worker(id, () -> new Worker(id, journal));
    }

    /** How long a {@code restartChild} of a child that starts at once may take. */
    private static final Duration RESTART_CHILD_BOUND = Duration.ofSeconds(2);

    /**
     * {@code restartChild}, failing the test after {@link #RESTART_CHILD_BOUND} instead of hanging it
     * if the supervisor does not answer.
     */
    private static ProcessRef<Object> restartChild(Supervisor supervisor, String id) throws Exception {
        try {
            return CompletableFuture.supplyAsync(() -> supervisor.restartChild(id))
                    .get(RESTART_CHILD_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("restartChild(\"" + id + "\") did not return within " + RESTART_CHILD_BOUND
                    + ": the supervisor hangs", e);
        }
    }

    private static SupervisorException.Reason reasonOf(Throwable e) {
        return ((SupervisorException) e).reason();
    }

    // ---- startChild ----

    @Test
    void startChildAddsAChildAtTheEndStartsItAndReturnsItsStableRef() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a"), worker("b")));
        next(journal, 2);

        ProcessRef<Object> c = supervisor.startChild(worker("c"));

        assertThat(next(journal, 1)).containsExactly("c start");
        assertThat(supervisor.whichChildren()).extracting(ChildInfo::id).containsExactly("a", "b", "c");
        assertThat(supervisor.child("c")).containsSame(c);
        assertThat((Pid) c.call(new WhoAmI())).isEqualTo(c.pid());
    }

    @Test
    void startChildWithTheIdOfARunningChildFailsWithAlreadyStarted() {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));
        Pid a = pidOf(supervisor, "a");

        assertThatThrownBy(() -> supervisor.startChild(worker("a")))
                .isInstanceOf(SupervisorException.class)
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(SupervisorException.Reason.ALREADY_STARTED));
        assertThat(pidOf(supervisor, "a")).isEqualTo(a);
        assertThat(supervisor.countChildren().specs()).isEqualTo(1);
    }

    @Test
    void startChildWithTheIdOfAStoppedChildFailsWithAlreadyPresent() {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));
        supervisor.terminateChild("a");

        assertThatThrownBy(() -> supervisor.startChild(worker("a")))
                .isInstanceOf(SupervisorException.class)
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(SupervisorException.Reason.ALREADY_PRESENT));
        assertThat(stateOf(supervisor, "a")).isEqualTo(ChildState.STOPPED);
    }

    @Test
    void startChildWhoseInitFailsThrowsProcessStartExceptionAndAddsNothing() {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));

        assertThatThrownBy(() -> supervisor.startChild(ChildSpec.worker("bad", FailingInit::new)))
                .isInstanceOf(ProcessStartException.class);

        assertThat(supervisor.whichChildren()).extracting(ChildInfo::id).containsExactly("a");
        assertThat(supervisor.child("bad")).isEmpty();
        assertThat(supervisor.ref().isAlive()).isTrue();
    }

    @Test
    void aChildStartedWithStartChildIsSupervisedLikeTheOthers() {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne());
        ProcessRef<Object> late = supervisor.startChild(worker("late"));
        Pid first = late.pid();

        late.send(new Crash("boom"));

        assertThat(awaitRestart(supervisor, "late", first)).isNotEqualTo(first);
    }

    // ---- terminateChild ----

    @Test
    void terminateChildStopsTheChildAndKeepsItsSpec() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a"), worker("b")));
        Pid a = pidOf(supervisor, "a");
        ProcessRef<Object> ref = supervisor.child("a").orElseThrow();

        supervisor.terminateChild("a");

        assertThat(ref.isAlive()).isFalse();
        assertThat(supervisor.whichChildren()).extracting(ChildInfo::id, ChildInfo::state)
                .containsExactly(tuple("a", ChildState.STOPPED), tuple("b", ChildState.RUNNING));
        assertThat(supervisor.countChildren()).isEqualTo(new ChildCounts(2, 1, 0, 2));
        assertThat(scheduler.processes()).extracting(ProcessRef::pid).doesNotContain(a);
    }

    @Test
    void aTerminatedPermanentChildIsNotRestarted() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));
        next(journal, 1);

        supervisor.terminateChild("a");

        SupervisorFixtures.expectQuiet(journal, Duration.ofMillis(200));
        assertThat(stateOf(supervisor, "a")).isEqualTo(ChildState.STOPPED);
    }

    @Test
    void terminateChildIsIdempotent() {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));

        supervisor.terminateChild("a");
        supervisor.terminateChild("a");

        assertThat(stateOf(supervisor, "a")).isEqualTo(ChildState.STOPPED);
        assertThat(supervisor.ref().isAlive()).isTrue();
    }

    @Test
    void terminateChildOfAnUnknownIdFailsWithNotFound() {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));

        assertThatThrownBy(() -> supervisor.terminateChild("nobody"))
                .isInstanceOf(SupervisorException.class)
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(SupervisorException.Reason.NOT_FOUND));
    }

    @Test
    void terminateChildRemovesATemporaryChildsSpec() {
        Supervisor supervisor = Supervisor.start(scheduler,
                SupervisorSpec.oneForOne(worker("a"), worker("t").withRestart(Restart.TEMPORARY)));

        supervisor.terminateChild("t");

        assertThat(supervisor.whichChildren()).extracting(ChildInfo::id).containsExactly("a");
        assertThat(supervisor.child("t")).isEmpty();
        assertThatThrownBy(() -> supervisor.restartChild("t"))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(SupervisorException.Reason.NOT_FOUND));
    }

    // ---- restartChild ----

    @Test
    void restartChildStartsATerminatedChildAgainUnderTheSameStableRef() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));
        ProcessRef<Object> ref = supervisor.child("a").orElseThrow();
        Pid first = ref.pid();
        supervisor.terminateChild("a");
        next(journal, 1);

        ProcessRef<Object> restarted = restartChild(supervisor, "a");

        assertThat(restarted).isSameAs(ref);
        assertThat(next(journal, 1)).containsExactly("a start");
        assertThat(ref.pid()).isNotEqualTo(first);
        assertThat(stateOf(supervisor, "a")).isEqualTo(ChildState.RUNNING);
        ref.send(new Note("after restartChild"));
        assertThat(next(journal, 1)).containsExactly("a got after restartChild");
    }

    @Test
    void aChildCanBeTerminatedAndRestartedManyTimesAndStillReceivesItsMessages() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));
        ProcessRef<Object> ref = supervisor.child("a").orElseThrow();
        next(journal, 1);

        for (int i = 0; i < 100; i++) {
            supervisor.terminateChild("a");
            restartChild(supervisor, "a");
            ref.send(new Note("round " + i));
            assertThat(next(journal, 2)).as("round %d", i).containsExactly("a start", "a got round " + i);
        }
    }

    @Test
    void restartChildRightAfterTerminateChildGetsTheMailboxOnceTheOldIncarnationHasUnwound() throws Exception {
        AtomicInteger incarnations = new AtomicInteger();
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch unwind = new CountDownLatch(1);
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(ChildSpec.worker("a", ctx -> {
            if (incarnations.incrementAndGet() == 1) {
                // Killed while in code that is not a runtime call: it keeps running until it returns.
                stuck.countDown();
                awaitUninterruptibly(unwind);
                return;
            }
            while (true) {
                journal.add("a got " + ctx.receive());
            }
        })));
        ProcessRef<Object> ref = supervisor.child("a").orElseThrow();
        assertThat(stuck.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        supervisor.terminateChild("a");

        restartChild(supervisor, "a");
        ref.send("hello");
        unwind.countDown();

        assertThat(journal.poll(2, TimeUnit.SECONDS)).as("what the new incarnation got").isEqualTo("a got hello");
        assertThat(incarnations.get()).isEqualTo(2);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void restartChildOfATransientChildThatExitedNormallyStartsItAgain() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a").withRestart(Restart.TRANSIENT)));
        Pid first = pidOf(supervisor, "a");
        supervisor.child("a").orElseThrow().send(new ExitWith(ExitReason.NORMAL));
        eventually().until(() -> stateOf(supervisor, "a") == ChildState.STOPPED);

        restartChild(supervisor, "a");

        assertThat(stateOf(supervisor, "a")).isEqualTo(ChildState.RUNNING);
        assertThat(pidOf(supervisor, "a")).isNotEqualTo(first);
    }

    @Test
    void restartChildOfARunningChildFailsWithRunning() {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));
        Pid a = pidOf(supervisor, "a");

        assertThatThrownBy(() -> supervisor.restartChild("a"))
                .isInstanceOf(SupervisorException.class)
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(SupervisorException.Reason.RUNNING));
        assertThat(pidOf(supervisor, "a")).isEqualTo(a);
    }

    @Test
    void restartChildOfAnUnknownIdFailsWithNotFound() {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));

        assertThatThrownBy(() -> supervisor.restartChild("nobody"))
                .isInstanceOf(SupervisorException.class)
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(SupervisorException.Reason.NOT_FOUND));
    }

    @Test
    void restartChildWhoseInitNowFailsThrowsAndLeavesItStopped() {
        AtomicBoolean refuse = new AtomicBoolean();
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(ChildSpec.worker("a",
                () -> refuse.get() ? new FailingInit() : new Worker("a", journal))));
        supervisor.terminateChild("a");
        refuse.set(true);

        assertThatThrownBy(() -> restartChild(supervisor, "a")).isInstanceOf(ProcessStartException.class);

        assertThat(stateOf(supervisor, "a")).isEqualTo(ChildState.STOPPED);
        assertThat(supervisor.ref().isAlive()).isTrue();
    }

    // ---- deleteChild ----

    @Test
    void deleteChildRemovesAStoppedChildSoItsIdCanBeUsedAgain() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a"), worker("b")));
        supervisor.terminateChild("a");

        supervisor.deleteChild("a");

        assertThat(supervisor.whichChildren()).extracting(ChildInfo::id).containsExactly("b");
        assertThat(supervisor.child("a")).isEmpty();
        assertThat(supervisor.countChildren()).isEqualTo(new ChildCounts(1, 1, 0, 1));
        supervisor.startChild(worker("a"));
        assertThat(supervisor.whichChildren()).extracting(ChildInfo::id).containsExactly("b", "a");
    }

    @Test
    void deleteChildOfARunningChildFailsWithRunning() {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));

        assertThatThrownBy(() -> supervisor.deleteChild("a"))
                .isInstanceOf(SupervisorException.class)
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(SupervisorException.Reason.RUNNING));
        assertThat(stateOf(supervisor, "a")).isEqualTo(ChildState.RUNNING);
    }

    @Test
    void deleteChildOfAnUnknownIdFailsWithNotFound() {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));

        assertThatThrownBy(() -> supervisor.deleteChild("nobody"))
                .isInstanceOf(SupervisorException.class)
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(SupervisorException.Reason.NOT_FOUND));
    }

    @Test
    void deleteChildTurnsMessagesToTheDeletedChildsStableRefIntoDeadLetters() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));
        ProcessRef<Object> ref = supervisor.child("a").orElseThrow();
        supervisor.terminateChild("a");
        supervisor.deleteChild("a");
        BlockingQueue<DeadLetter> deadLetters = new LinkedBlockingQueue<>();

        try (AutoCloseable subscription = scheduler.onDeadLetter(deadLetters::add)) {
            ref.send(new Note("to nobody"));
            DeadLetter letter = deadLetters.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(letter).isNotNull();
            assertThat(letter.message()).isEqualTo(new Note("to nobody"));
        }
    }

    // ---- restarting ----

    @Test
    void restartAndDeleteOfAChildWhoseRestartKeepsFailingFailWithRestarting() throws Exception {
        AtomicBoolean refuse = new AtomicBoolean();
        CountDownLatch fixed = new CountDownLatch(1);
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(ChildSpec.worker("a", () -> {
            if (refuse.get()) {
                // Slow the retries down: each failing attempt waits a little for the fix first.
                try {
                    fixed.await(20, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("cannot start now");
            }
            return new Worker("a", journal);
        })).withIntensity(1_000, Duration.ofSeconds(10)));
        Pid first = pidOf(supervisor, "a");
        refuse.set(true);

        supervisor.child("a").orElseThrow().send(new Crash("boom"));

        eventually().until(() -> stateOf(supervisor, "a") == ChildState.RESTARTING);
        assertThatThrownBy(() -> supervisor.restartChild("a"))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(SupervisorException.Reason.RESTARTING));
        assertThatThrownBy(() -> supervisor.deleteChild("a"))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(SupervisorException.Reason.RESTARTING));
        assertThat(supervisor.countChildren()).isEqualTo(new ChildCounts(1, 0, 0, 1));
        refuse.set(false);
        fixed.countDown();
        assertThat(awaitRestart(supervisor, "a", first)).isNotEqualTo(first);
    }

    @Test
    void terminateChildOfARestartingChildStopsTheRetriesAndKeepsItsSpec() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch never = schedulerExtension.testEnd();
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(ChildSpec.worker("a", () -> {
            if (attempts.incrementAndGet() > 1) {
                try {
                    never.await(20, TimeUnit.MILLISECONDS); // slows the retries down
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("cannot start now");
            }
            return new Worker("a", journal);
        })).withIntensity(1_000, Duration.ofSeconds(10)));
        supervisor.child("a").orElseThrow().send(new Crash("boom"));
        eventually().until(() -> stateOf(supervisor, "a") == ChildState.RESTARTING);

        supervisor.terminateChild("a");

        assertThat(stateOf(supervisor, "a")).isEqualTo(ChildState.STOPPED);
        int attemptsSoFar = attempts.get();
        org.awaitility.Awaitility.await().during(Duration.ofMillis(150)).atMost(WAIT)
                .until(() -> attempts.get() == attemptsSoFar);
        assertThat(stateOf(supervisor, "a")).isEqualTo(ChildState.STOPPED);
    }

    // ---- which / count / child ----

    @Test
    void whichChildrenListsIdsRefsTypesAndStatesInStartOrder() {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(
                worker("w1"),
                ChildSpec.supervisor("s1", SupervisorSpec.oneForOne(worker("inner"))),
                worker("w2")));
        supervisor.terminateChild("w2");

        assertThat(supervisor.whichChildren()).extracting(ChildInfo::id, ChildInfo::type, ChildInfo::state).containsExactly(
                tuple("w1", ChildType.WORKER, ChildState.RUNNING),
                tuple("s1", ChildType.SUPERVISOR, ChildState.RUNNING),
                tuple("w2", ChildType.WORKER, ChildState.STOPPED));
        for (ChildInfo info : supervisor.whichChildren()) {
            assertThat(supervisor.<Object>child(info.id()).orElseThrow()).isSameAs(info.ref());
        }
    }

    @Test
    void countChildrenCountsSpecsActiveSupervisorsAndWorkers() {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(
                worker("w1"), worker("w2"), worker("w3"),
                ChildSpec.supervisor("s1", SupervisorSpec.oneForOne()),
                ChildSpec.supervisor("s2", SupervisorSpec.oneForOne(worker("inner")))));

        assertThat(supervisor.countChildren()).isEqualTo(new ChildCounts(5, 5, 2, 3));
        supervisor.terminateChild("w1");
        supervisor.terminateChild("s1");
        assertThat(supervisor.countChildren()).isEqualTo(new ChildCounts(5, 3, 2, 3));
        supervisor.deleteChild("s1");
        assertThat(supervisor.countChildren()).isEqualTo(new ChildCounts(4, 3, 1, 3));
    }

    @Test
    void childReturnsTheSameStableRefEachTimeAndEmptyForAnUnknownId() {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));

        assertThat(supervisor.child("a").orElseThrow()).isSameAs(supervisor.child("a").orElseThrow());
        assertThat(supervisor.child("nobody")).isEmpty();
    }

    @Test
    void whichChildrenKeepsStartOrderAfterRestartsAndRestartChild() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler,
                SupervisorSpec.restForOne(worker("a"), worker("b"), worker("c"), worker("d")));
        Pid b = pidOf(supervisor, "b");

        supervisor.child("b").orElseThrow().send(new Crash("boom"));
        awaitRestart(supervisor, "b", b);
        supervisor.terminateChild("a");
        restartChild(supervisor, "a");
        supervisor.child("d").orElseThrow().send(new Crash("boom"));
        eventually().until(() -> supervisor.countChildren().active() == 4);

        assertThat(supervisor.whichChildren()).extracting(ChildInfo::id).containsExactly("a", "b", "c", "d");
    }

    @Test
    void oneForAllRestartsInSpecOrderIncludingChildrenAddedLater() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForAll(worker("a"), worker("b")));
        supervisor.startChild(worker("c"));
        next(journal, 3);

        supervisor.child("a").orElseThrow().send(new Crash("boom"));

        assertThat(SupervisorFixtures.nextContaining(journal, "start")).isEqualTo("a start");
        assertThat(next(journal, 2)).containsExactly("b start", "c start");
    }

    @Test
    void aNestedSupervisorIsAdministeredThroughSupervisorOfItsStableRef() {
        Supervisor root = Supervisor.start(scheduler, SupervisorSpec.oneForOne(
                worker("outer"),
                ChildSpec.supervisor("inner", SupervisorSpec.oneForOne(worker("a"), worker("b")))));

        Supervisor inner = Supervisor.of(root.child("inner").orElseThrow());

        assertThat(inner.whichChildren()).extracting(ChildInfo::id).containsExactly("a", "b");
        inner.terminateChild("b");
        assertThat(inner.countChildren()).isEqualTo(new ChildCounts(2, 1, 0, 2));
        assertThat(root.countChildren()).isEqualTo(new ChildCounts(2, 2, 1, 1));
    }
}
