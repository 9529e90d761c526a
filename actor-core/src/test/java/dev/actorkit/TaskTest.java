package dev.actorkit;

import static dev.actorkit.Await.WAIT;
import static dev.actorkit.Await.exitReasonOf;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Task}, as Elixir's task_test.exs tests it, where this API can express it. */
@Timeout(30)
class TaskTest {

    @RegisterExtension
    final SchedulerExtension schedulerExtension = new SchedulerExtension(Duration.ofMillis(200));
    private final Scheduler scheduler = schedulerExtension.scheduler();
    /** Released when the test ends, so that no task outlives its test blocked on it. */
    private final CountDownLatch never = schedulerExtension.testEnd();

    // ---- async / await ----

    @Test
    void awaitReturnsTheResultOfTheWork() {
        Task<Integer> task = Task.async(scheduler, () -> 40 + 2);

        assertThat(task.await(WAIT)).isEqualTo(42);
    }

    @Test
    void awaitReturnsTheResultOfATaskThatFinishedBeforeItWasAwaited() throws Exception {
        Task<String> task = Task.async(scheduler, () -> "early");
        assertThat(exitReasonOf(task.ref())).isEqualTo(ExitReason.NORMAL);

        assertThat(task.await(WAIT)).isEqualTo("early");
    }

    @Test
    void awaitFromAPlainThreadOnACrashingTaskThrowsProcessExitExceptionWithTheTasksException() {
        IllegalStateException boom = new IllegalStateException("boom");
        Task<Object> task = Task.async(scheduler, () -> {
            throw boom;
        });

        assertThatThrownBy(() -> task.await(WAIT))
                .isInstanceOfSatisfying(ProcessExitException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExitReason.error(boom)))
                .hasCause(boom);
    }

    @Test
    void awaitOnATaskKilledFromOutsideThrowsProcessExitExceptionWithKilled() {
        Task<Object> task = Task.async(scheduler, blockedUntilTheEnd());

        scheduler.exit(task.ref(), ExitReason.KILL);

        assertThatThrownBy(() -> task.await(WAIT))
                .isInstanceOfSatisfying(ProcessExitException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExitReason.KILLED));
    }

    @Test
    void theTaskRunsOnAVirtualThread() {
        Task<Boolean> task = Task.async(scheduler, () -> Thread.currentThread().isVirtual());

        assertThat(task.await(WAIT)).isTrue();
    }

    @Test
    void theTaskRunsInItsOwnProcess() {
        Task<ProcessRef<?>> task = Task.async(scheduler, () -> ProcessContext.current().self());

        assertThat(task.await(WAIT)).isEqualTo(task.ref());
    }

    @Test
    void asyncOnAClosedSchedulerThrowsSchedulerClosedException() {
        scheduler.close(Duration.ofMillis(200));

        assertThatThrownBy(() -> Task.async(scheduler, () -> 1)).isInstanceOf(SchedulerClosedException.class);
    }

    // ---- links to the owner ----

    @Test
    void aTaskStartedFromAPlainThreadIsNotLinkedToAnything() throws Exception {
        Task<Object> task = Task.async(scheduler, blockedUntilTheEnd());

        assertThat(scheduler.info(task.ref()).orElseThrow().links()).isEmpty();
    }

    @Test
    void aCrashingTaskTakesItsNonTrappingOwnerDownWithTheSameReason() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        ProcessRef<Object> owner = scheduler.spawn(ctx -> {
            Task.async(scheduler, () -> {
                throw boom;
            });
            ctx.receive();
        });

        assertThat(exitReasonOf(owner)).isEqualTo(ExitReason.error(boom));
    }

    @Test
    void aTrappingOwnerReceivesAnExitMessageFromItsCrashingTask() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<Task<Object>> started = new CompletableFuture<>();
        CompletableFuture<Object> received = new CompletableFuture<>();
        ProcessRef<Object> owner = scheduler.spawn(ctx -> {
            ctx.trapExits(true);
            started.complete(Task.async(scheduler, () -> {
                throw boom;
            }));
            received.complete(ctx.receive());
        });

        Task<Object> task = started.get(5, SECONDS);
        assertThat(received.get(5, SECONDS)).isEqualTo(new Exit(task.ref(), ExitReason.error(boom)));
        assertThat(exitReasonOf(owner)).isEqualTo(ExitReason.NORMAL);
    }

    @Test
    void anOwnerThatExitsAbnormallyTakesItsTaskDownWithTheSameReason() throws Exception {
        CompletableFuture<Task<Object>> started = new CompletableFuture<>();
        scheduler.spawn(ctx -> {
            started.complete(Task.async(scheduler, blockedUntilTheEnd()));
            ctx.exit(ExitReason.of("owner gave up"));
        });

        Task<Object> task = started.get(5, SECONDS);
        assertThat(exitReasonOf(task.ref())).isEqualTo(ExitReason.of("owner gave up"));
    }

    @Test
    void awaitInsideTheOwnerProcessReturnsTheResult() throws Exception {
        CompletableFuture<String> awaited = new CompletableFuture<>();
        scheduler.spawn(ctx -> awaited.complete(Task.async(scheduler, () -> "from the owner").await(WAIT)));

        assertThat(awaited.get(5, SECONDS)).isEqualTo("from the owner");
    }

    // ---- await timeout ----

    @Test
    void awaitThatTimesOutThrowsTaskTimeoutExceptionAndShutsTheTaskDown() throws Exception {
        Task<Object> task = Task.async(scheduler, blockedUntilTheEnd());

        assertThatThrownBy(() -> task.await(Duration.ofMillis(50))).isInstanceOf(TaskTimeoutException.class);
        assertThat(task.ref().isAlive()).isFalse();
        assertThat(exitReasonOf(task.ref())).isEqualTo(ExitReason.KILLED);
    }

    @Test
    void anAwaitThatTimesOutInsideTheOwnerProcessDoesNotTakeTheOwnerDown() throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        ProcessRef<Object> owner = scheduler.spawn(ctx -> {
            Task<Object> task = Task.async(scheduler, blockedUntilTheEnd());
            failure.complete(catching(() -> task.await(Duration.ofMillis(50))));
            ctx.receive(Duration.ofMillis(100)); // time for a stray exit signal to take the owner down
        });

        assertThat(failure.get(5, SECONDS)).isInstanceOf(TaskTimeoutException.class);
        assertThat(exitReasonOf(owner)).isEqualTo(ExitReason.NORMAL);
    }

    // ---- yield ----

    @Test
    void yieldReturnsEmptyWhileTheTaskRunsWithoutStoppingIt() {
        CountDownLatch go = new CountDownLatch(1);
        Task<String> task = Task.async(scheduler, () -> {
            go.await();
            return "done";
        });

        assertThat(task.yield(Duration.ofMillis(20))).isEmpty();
        assertThat(task.ref().isAlive()).isTrue();
    }

    @Test
    void yieldReturnsTheResultOnceTheTaskIsDone() {
        CountDownLatch go = new CountDownLatch(1);
        Task<String> task = Task.async(scheduler, () -> {
            go.await();
            return "done";
        });
        assertThat(task.yield(Duration.ZERO)).isEmpty();

        go.countDown();

        assertThat(task.yield(WAIT)).contains("done");
    }

    @Test
    void yieldOnACrashedTaskThrowsProcessExitExceptionWithItsReason() {
        IllegalStateException boom = new IllegalStateException("boom");
        Task<Object> task = Task.async(scheduler, () -> {
            throw boom;
        });

        assertThatThrownBy(() -> task.yield(WAIT))
                .isInstanceOfSatisfying(ProcessExitException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExitReason.error(boom)));
    }

    // ---- awaitAll ----

    @Test
    void awaitAllReturnsTheResultsInTheOrderOfTheTasksEvenWhenTheyFinishOutOfOrder() {
        ConcurrentLinkedQueue<String> finished = new ConcurrentLinkedQueue<>();
        CountDownLatch secondMayFinish = new CountDownLatch(1);
        CountDownLatch firstMayFinish = new CountDownLatch(1);
        Task<String> first = Task.async(scheduler, () -> {
            firstMayFinish.await();
            finished.add("first");
            return "first";
        });
        Task<String> second = Task.async(scheduler, () -> {
            secondMayFinish.await();
            finished.add("second");
            firstMayFinish.countDown();
            return "second";
        });
        Task<String> third = Task.async(scheduler, () -> {
            finished.add("third");
            secondMayFinish.countDown();
            return "third";
        });

        List<String> results = Task.awaitAll(List.of(first, second, third), WAIT);

        assertThat(finished).containsExactly("third", "second", "first");
        assertThat(results).containsExactly("first", "second", "third");
    }

    @Test
    void awaitAllThatTimesOutThrowsTaskTimeoutExceptionAndShutsDownTheUnfinishedTasks() throws Exception {
        Task<Object> quick = Task.async(scheduler, () -> "quick");
        Task<Object> stuck = Task.async(scheduler, blockedUntilTheEnd());
        Task<Object> alsoStuck = Task.async(scheduler, blockedUntilTheEnd());
        assertThat(exitReasonOf(quick.ref())).isEqualTo(ExitReason.NORMAL);

        assertThatThrownBy(() -> Task.awaitAll(List.of(quick, stuck, alsoStuck), Duration.ofMillis(100)))
                .isInstanceOf(TaskTimeoutException.class);

        assertThat(stuck.ref().isAlive()).isFalse();
        assertThat(alsoStuck.ref().isAlive()).isFalse();
        assertThat(exitReasonOf(stuck.ref())).isEqualTo(ExitReason.KILLED);
        assertThat(exitReasonOf(alsoStuck.ref())).isEqualTo(ExitReason.KILLED);
    }

    @Test
    void awaitAllWhoseTaskCrashesRethrowsTheCrashAndShutsDownTheOtherTasks() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        Task<Object> failing = Task.async(scheduler, () -> {
            throw boom;
        });
        Task<Object> stuck = Task.async(scheduler, blockedUntilTheEnd());

        assertThatThrownBy(() -> Task.awaitAll(List.of(failing, stuck), WAIT))
                .isInstanceOf(ProcessExitException.class)
                .satisfies(e -> assertThat(((ProcessExitException) e).reason()).isEqualTo(ExitReason.error(boom)));

        assertThat(exitReasonOf(stuck.ref())).isEqualTo(ExitReason.KILLED);
    }

    @Test
    void awaitAllOfNoTasksReturnsAnEmptyList() {
        assertThat(Task.<Object>awaitAll(List.of(), WAIT)).isEmpty();
    }

    // ---- shutdown ----

    @Test
    void shutdownOfAFinishedTaskReturnsItsResult() throws Exception {
        Task<String> task = Task.async(scheduler, () -> "done");
        assertThat(exitReasonOf(task.ref())).isEqualTo(ExitReason.NORMAL);

        assertThat(task.shutdown(WAIT)).contains("done");
        assertThat(task.ref().isAlive()).isFalse();
    }

    @Test
    void shutdownOfARunningTaskReturnsEmptyAndStopsItWithShutdown() throws Exception {
        Task<Object> task = Task.async(scheduler, blockedUntilTheEnd());

        assertThat(task.shutdown(WAIT)).isEmpty();

        assertThat(task.ref().isAlive()).isFalse();
        assertThat(exitReasonOf(task.ref())).isEqualTo(ExitReason.SHUTDOWN);
    }

    @Test
    void shutdownOfACrashedTaskReturnsEmpty() throws Exception {
        Task<Object> task = Task.async(scheduler, () -> {
            throw new IllegalStateException("boom");
        });
        exitReasonOf(task.ref());

        assertThat(task.shutdown(WAIT)).isEmpty();
    }

    @Test
    void shutdownWithZeroTimeoutKillsTheTaskAtOnceEvenIfItTrapsExits() throws Exception {
        CountDownLatch trapping = new CountDownLatch(1);
        Task<Object> task = Task.async(scheduler, () -> {
            ProcessContext.current().trapExits(true);
            trapping.countDown();
            return blockedUntilTheEnd().call();
        });
        assertThat(trapping.await(5, SECONDS)).isTrue();

        assertThat(task.shutdown(Duration.ZERO)).isEmpty();

        assertThat(task.ref().isAlive()).isFalse();
        assertThat(task.ref().termination().getNow(null)).isEqualTo(ExitReason.KILLED);
    }

    @Test
    void shutdownKillsATaskThatTrapsExitsOnceTheTimeoutHasPassed() throws Exception {
        CountDownLatch trapping = new CountDownLatch(1);
        Task<Object> task = Task.async(scheduler, () -> {
            ProcessContext.current().trapExits(true);
            trapping.countDown();
            return blockedUntilTheEnd().call();
        });
        assertThat(trapping.await(5, SECONDS)).isTrue();

        assertThat(task.shutdown(Duration.ofMillis(100))).isEmpty();

        assertThat(task.ref().isAlive()).isFalse();
        assertThat(exitReasonOf(task.ref())).isEqualTo(ExitReason.KILLED);
    }

    @Test
    void shutdownFromTheOwnerProcessUnlinksTheTaskSoTheOwnerSurvives() throws Exception {
        CompletableFuture<Optional<Object>> shutDown = new CompletableFuture<>();
        ProcessRef<Object> owner = scheduler.spawn(ctx -> {
            Task<Object> task = Task.async(scheduler, blockedUntilTheEnd());
            shutDown.complete(task.shutdown(WAIT));
            ctx.receive(Duration.ofMillis(100)); // time for a stray exit signal to take the owner down
        });

        assertThat(shutDown.get(5, SECONDS)).isEmpty();
        assertThat(exitReasonOf(owner)).isEqualTo(ExitReason.NORMAL);
    }

    // ---- ownership ----

    @Test
    void awaitFromAProcessOtherThanTheOwnerThrowsIllegalStateException() throws Exception {
        CompletableFuture<Task<Object>> started = new CompletableFuture<>();
        scheduler.spawn(ctx -> {
            started.complete(Task.async(scheduler, blockedUntilTheEnd()));
            ctx.receive();
        });
        Task<Object> task = started.get(5, SECONDS);

        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        scheduler.spawn(ctx -> failure.complete(catching(() -> task.await(WAIT))));

        assertThat(failure.get(5, SECONDS)).isInstanceOf(IllegalStateException.class).hasMessageContaining("owner");
        assertThat(task.ref().isAlive()).isTrue();
    }

    @Test
    void yieldAndShutdownFromAPlainThreadOnATaskOwnedByAProcessThrowIllegalStateException() throws Exception {
        CompletableFuture<Task<Object>> started = new CompletableFuture<>();
        scheduler.spawn(ctx -> {
            started.complete(Task.async(scheduler, blockedUntilTheEnd()));
            ctx.receive();
        });
        Task<Object> task = started.get(5, SECONDS);

        assertThatThrownBy(() -> task.yield(Duration.ZERO)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> task.shutdown(Duration.ZERO)).isInstanceOf(IllegalStateException.class);
        assertThat(task.ref().isAlive()).isTrue();
    }

    // ---- bad arguments ----

    @Test
    void nullArgumentsThrowNullPointerExceptionNamingTheArgument() {
        Task<Object> task = Task.async(scheduler, () -> "done");

        assertThatThrownBy(() -> Task.async(null, () -> 1)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("scheduler");
        assertThatThrownBy(() -> Task.async(scheduler, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("work");
        assertThatThrownBy(() -> task.await(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> task.yield(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> task.shutdown(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> Task.awaitAll(null, WAIT)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("tasks");
        assertThatThrownBy(() -> Task.awaitAll(List.of(task), null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("timeout");
    }

    @Test
    void negativeTimeoutsThrowIllegalArgumentExceptionAndLeaveTheTaskRunning() {
        Task<Object> task = Task.async(scheduler, blockedUntilTheEnd());
        Duration negative = Duration.ofMillis(-1);

        assertThatThrownBy(() -> task.await(negative)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> task.yield(negative)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> task.shutdown(negative)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> Task.awaitAll(List.of(task), negative)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThat(task.ref().isAlive()).isTrue();
    }

    /** Work that blocks until the test ends. */
    private Callable<Object> blockedUntilTheEnd() {
        return () -> {
            never.await();
            return "released";
        };
    }

    private static Throwable catching(Callable<?> code) {
        try {
            code.call();
            return null;
        } catch (Throwable thrown) {
            return thrown;
        }
    }
}
