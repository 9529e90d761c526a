package dev.actorkit;

import static dev.actorkit.Await.WAIT;
import static dev.actorkit.Await.exitReasonOf;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Agent}, as Elixir's agent_test.exs tests it, where this API can express it. */
@Timeout(30)
class AgentTest {

    @RegisterExtension
    final SchedulerExtension schedulerExtension = new SchedulerExtension(Duration.ofMillis(200));
    private final Scheduler scheduler = schedulerExtension.scheduler();
    /** Released when the test ends, so that no agent outlives its test blocked on it. */
    private final CountDownLatch never = schedulerExtension.testEnd();

    // ---- start ----

    @Test
    void startComputesTheInitialStateInsideTheAgentProcess() {
        AtomicReference<ProcessRef<?>> computedIn = new AtomicReference<>();
        Agent<String> agent = Agent.start(scheduler, () -> {
            computedIn.set(ProcessContext.current().self());
            return "initial";
        });

        assertThat(computedIn.get()).isEqualTo(agent.ref());
        assertThat(agent.get()).isEqualTo("initial");
    }

    @Test
    void startWithASupplierThatThrowsThrowsProcessStartException() {
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> Agent.start(scheduler, () -> {
            throw boom;
        })).isInstanceOf(ProcessStartException.class).hasCause(boom);
    }

    @Test
    void startLinkFromAProcessLinksTheAgentToIt() throws Exception {
        CompletableFuture<Agent<Integer>> started = new CompletableFuture<>();
        CompletableFuture<Object> received = new CompletableFuture<>();
        scheduler.spawn(ctx -> {
            ctx.trapExits(true);
            started.complete(Agent.startLink(() -> 0));
            received.complete(ctx.receive());
        });
        Agent<Integer> agent = started.get(5, SECONDS);

        agent.stop(ExitReason.of("bye"), WAIT);

        assertThat(received.get(5, SECONDS)).isEqualTo(new Exit(agent.ref(), ExitReason.of("bye")));
    }

    @Test
    void aCrashingAgentStartedWithStartLinkTakesItsNonTrappingOwnerDown() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<Agent<Integer>> started = new CompletableFuture<>();
        ProcessRef<Object> owner = scheduler.spawn(ctx -> {
            started.complete(Agent.startLink(() -> 0));
            ctx.receive();
        });
        Agent<Integer> agent = started.get(5, SECONDS);

        agent.cast(state -> {
            throw boom;
        });

        assertThat(exitReasonOf(owner)).isEqualTo(ExitReason.error(boom));
    }

    @Test
    void startLinkOutsideAProcessThrowsNotInProcessException() {
        assertThatThrownBy(() -> Agent.startLink(() -> 0)).isInstanceOf(NotInProcessException.class);
    }

    // ---- get / update / getAndUpdate / cast ----

    @Test
    void getWithAFunctionReturnsWhatTheFunctionMakesOfTheStateComputedInsideTheAgent() {
        Agent<List<String>> agent = Agent.start(scheduler, () -> List.of("a", "b", "c"));
        AtomicReference<ProcessRef<?>> computedIn = new AtomicReference<>();

        Integer size = agent.get(state -> {
            computedIn.set(ProcessContext.current().self());
            return state.size();
        });

        assertThat(size).isEqualTo(3);
        assertThat(computedIn.get()).isEqualTo(agent.ref());
    }

    @Test
    void updateReplacesTheStateBeforeItReturns() {
        Agent<Integer> agent = Agent.start(scheduler, () -> 1);

        agent.update(state -> state + 1);

        assertThat(agent.get()).isEqualTo(2);
    }

    @Test
    void getAndUpdateReturnsThePreviousStateAndReplacesIt() {
        Agent<Integer> agent = Agent.start(scheduler, () -> 1);

        assertThat(agent.getAndUpdate(state -> state * 10)).isEqualTo(1);
        assertThat(agent.get()).isEqualTo(10);
    }

    @Test
    void castReturnsBeforeTheUpdateHasRun() throws Exception {
        Agent<Integer> agent = Agent.start(scheduler, () -> 1);
        CountDownLatch updating = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);

        CompletableFuture<Void> casting = CompletableFuture.runAsync(
                () -> agent.cast(blockingUntil(updating, mayFinish, state -> state + 1)));

        casting.get(5, SECONDS); // returns while the update is still blocked in the agent
        assertThat(updating.await(5, SECONDS)).isTrue();
        assertThat(mayFinish.getCount()).isEqualTo(1);
        mayFinish.countDown();
        assertThat(agent.get()).isEqualTo(2);
    }

    @Test
    void aGetAfterCastsFromTheSameCallerSeesAllOfThem() {
        Agent<List<Integer>> agent = Agent.start(scheduler, ArrayList::new);

        for (int i = 0; i < 100; i++) {
            int value = i;
            agent.cast(state -> {
                state.add(value);
                return state;
            });
        }

        List<Integer> seen = agent.get(List::copyOf);
        assertThat(seen).hasSize(100).isSorted();
    }

    @Test
    void updatesFromManyThreadsAreAppliedOneAtATime() throws Exception {
        Agent<Integer> agent = Agent.start(scheduler, () -> 0);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 250; i++) {
                    agent.update(state -> state + 1);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join(WAIT);
        }

        assertThat(agent.get()).isEqualTo(1000);
    }

    @Test
    void getWithATimeoutOnABusyAgentThrowsCallTimeoutException() throws Exception {
        Agent<Integer> agent = Agent.start(scheduler, () -> 1);
        CountDownLatch updating = new CountDownLatch(1);
        agent.cast(blockingUntil(updating, never, state -> state));
        assertThat(updating.await(5, SECONDS)).isTrue();

        assertThatThrownBy(() -> agent.get(state -> state, Duration.ofMillis(50)))
                .isInstanceOf(CallTimeoutException.class);
    }

    // ---- crashes ----

    @Test
    void anUpdateThatThrowsCrashesTheAgentAndTheCallerGetsProcessExitException() throws Exception {
        Agent<Integer> agent = Agent.start(scheduler, () -> 1);
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> agent.update(state -> {
            throw boom;
        })).isInstanceOfSatisfying(ProcessExitException.class,
                e -> assertThat(e.reason()).isEqualTo(ExitReason.error(boom)));

        assertThat(exitReasonOf(agent.ref())).isEqualTo(ExitReason.error(boom));
    }

    @Test
    void aReaderThatThrowsCrashesTheAgentAndTheCallerGetsProcessExitException() throws Exception {
        Agent<Integer> agent = Agent.start(scheduler, () -> 1);
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> agent.get(state -> {
            throw boom;
        })).isInstanceOfSatisfying(ProcessExitException.class,
                e -> assertThat(e.reason()).isEqualTo(ExitReason.error(boom)));

        assertThat(exitReasonOf(agent.ref())).isEqualTo(ExitReason.error(boom));
    }

    @Test
    void aGetAndUpdateThatThrowsCrashesTheAgentAndTheCallerGetsProcessExitException() throws Exception {
        Agent<Integer> agent = Agent.start(scheduler, () -> 1);
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> agent.getAndUpdate(state -> {
            throw boom;
        })).isInstanceOfSatisfying(ProcessExitException.class,
                e -> assertThat(e.reason()).isEqualTo(ExitReason.error(boom)));

        assertThat(exitReasonOf(agent.ref())).isEqualTo(ExitReason.error(boom));
    }

    // ---- stop ----

    @Test
    void stopEndsTheAgentWithNormalBeforeItReturns() {
        Agent<Integer> agent = Agent.start(scheduler, () -> 1);

        agent.stop();

        assertThat(agent.ref().isAlive()).isFalse();
        assertThat(agent.ref().termination().getNow(null)).isEqualTo(ExitReason.NORMAL);
    }

    @Test
    void stopWithAReasonEndsTheAgentWithThatReason() {
        Agent<Integer> agent = Agent.start(scheduler, () -> 1);

        agent.stop(ExitReason.shutdown("maintenance"), WAIT);

        assertThat(agent.ref().termination().getNow(null)).isEqualTo(ExitReason.shutdown("maintenance"));
    }

    @Test
    void stopOfAnAgentThatDoesNotExitInTimeThrowsTaskTimeoutException() throws Exception {
        Agent<Integer> agent = Agent.start(scheduler, () -> 1);
        CountDownLatch updating = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);
        agent.cast(blockingUntil(updating, mayFinish, state -> state));
        assertThat(updating.await(5, SECONDS)).isTrue();

        assertThatThrownBy(() -> agent.stop(ExitReason.NORMAL, Duration.ofMillis(50)))
                .isInstanceOf(TaskTimeoutException.class);

        mayFinish.countDown();
        assertThat(exitReasonOf(agent.ref())).isEqualTo(ExitReason.NORMAL);
    }

    @Test
    void getAfterStopThrowsNoProcessException() {
        Agent<Integer> agent = Agent.start(scheduler, () -> 1);
        agent.stop();

        assertThatThrownBy(agent::get).isInstanceOf(NoProcessException.class);
    }

    @Test
    void stopOfAnAgentThatIsAlreadyDeadThrowsNoProcessException() {
        Agent<Integer> agent = Agent.start(scheduler, () -> 1);
        agent.stop();

        assertThatThrownBy(agent::stop).isInstanceOf(NoProcessException.class).hasMessageContaining("not alive");
    }

    @Test
    void stopWithANegativeTimeoutIsRejectedAndLeavesTheAgentRunning() {
        Agent<Integer> agent = Agent.start(scheduler, () -> 1);

        assertThatThrownBy(() -> agent.stop(ExitReason.NORMAL, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative");
        assertThat(agent.ref().isAlive()).isTrue();
    }

    // ---- bad arguments ----

    @Test
    void nullArgumentsThrowNullPointerExceptionNamingTheArgument() {
        Agent<Integer> agent = Agent.start(scheduler, () -> 1);

        assertThatThrownBy(() -> Agent.start(null, () -> 1)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("scheduler");
        assertThatThrownBy(() -> Agent.start(scheduler, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("initial");
        assertThatThrownBy(() -> Agent.startLink(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("initial");
        assertThatThrownBy(() -> agent.get(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("reader");
        assertThatThrownBy(() -> agent.update(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("update");
        assertThatThrownBy(() -> agent.getAndUpdate(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("update");
        assertThatThrownBy(() -> agent.cast(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("update");
        assertThatThrownBy(() -> agent.stop(null, WAIT)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("reason");
        assertThatThrownBy(() -> agent.stop(ExitReason.NORMAL, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("timeout");
        assertThat(agent.get()).isEqualTo(1);
    }

    /** An update that signals {@code started}, then blocks until {@code release} before applying {@code then}. */
    private static UnaryOperator<Integer> blockingUntil(CountDownLatch started, CountDownLatch release,
            UnaryOperator<Integer> then) {
        return state -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return then.apply(state);
        };
    }
}
