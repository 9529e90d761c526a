package dev.actorkit.docs;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

// tag::imports[]
import dev.actorkit.Agent;
import dev.actorkit.Exit;
import dev.actorkit.ExitReason;
import dev.actorkit.ProcessExitException;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.Task;
import dev.actorkit.TaskTimeoutException;
// end::imports[]
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples of docs/tasks-and-agents.md; the snippets there are the tagged regions below. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TasksAndAgentsGuideTest {

    private final Scheduler scheduler = Scheduler.create();
    /** Holds tasks that should still be running when the example looks at them. */
    private final CountDownLatch slowService = new CountDownLatch(1);

    @AfterEach
    void close() {
        slowService.countDown();
        scheduler.close(Duration.ofMillis(100));
    }

    record Quote(String supplier, int cents) { }

    /** Stands for a remote call; blocking is fine in a task, which runs on a virtual thread. */
    private static Quote fetchQuote(String supplier) {
        return new Quote(supplier, supplier.length() * 100);
    }

    /** Stands for a remote call that has not answered yet. */
    private String slowLookup() throws InterruptedException {
        slowService.await();
        return "answer";
    }

    @Test
    void asyncRunsWorkInItsOwnProcessAndAwaitReturnsItsResult() {
        // tag::async[]
        Task<Quote> acme = Task.async(scheduler, () -> fetchQuote("acme"));       // all three run at once
        Task<Quote> globex = Task.async(scheduler, () -> fetchQuote("globex"));
        Task<Quote> initech = Task.async(scheduler, () -> fetchQuote("initech"));

        Quote quote = acme.await(Duration.ofSeconds(5));
        List<Quote> others = Task.awaitAll(List.of(globex, initech), Duration.ofSeconds(5));

        assertThat(quote).isEqualTo(new Quote("acme", 400));
        assertThat(others).containsExactly(new Quote("globex", 600), new Quote("initech", 700));
        // end::async[]
    }

    @Test
    void aCrashInATaskStartedFromAPlainThreadSurfacesFromAwait() {
        // tag::crash-await[]
        Task<Quote> task = Task.async(scheduler, () -> {
            throw new IllegalStateException("supplier offline");
        });

        assertThatThrownBy(task::await)
                .isInstanceOfSatisfying(ProcessExitException.class, e -> {
                    assertThat(e.reason()).isInstanceOf(ExitReason.Error.class);
                    assertThat(e.getCause()).hasMessage("supplier offline");
                });
        // end::crash-await[]
    }

    @Test
    void aCrashInATaskTakesItsOwnerProcessDown() throws Exception {
        // tag::linked[]
        ProcessRef<Object> owner = scheduler.spawn(ctx -> {
            Task.async(ctx.scheduler(), () -> {         // linked to this process
                throw new IllegalStateException("supplier offline");
            });
            ctx.receive();                              // the exit signal comes first
        });

        ExitReason reason = owner.termination().get(5, SECONDS);

        assertThat(reason).isInstanceOfSatisfying(ExitReason.Error.class,
                error -> assertThat(error.cause()).hasMessage("supplier offline"));
        // end::linked[]
    }

    @Test
    void aTrappingOwnerReceivesTheExitOfItsTask() throws Exception {
        // tag::trap[]
        CompletableFuture<Object> received = new CompletableFuture<>();
        ProcessRef<Object> owner = scheduler.spawn(ctx -> {
            ctx.trapExits(true);
            Task.async(ctx.scheduler(), () -> {
                throw new IllegalStateException("supplier offline");
            });
            received.complete(ctx.receive());           // {'EXIT', Task, Reason}
        });

        assertThat(received.get(5, SECONDS)).isInstanceOfSatisfying(Exit.class,
                exit -> assertThat(exit.reason()).isInstanceOf(ExitReason.Error.class));
        assertThat(owner.termination().get(5, SECONDS)).isEqualTo(ExitReason.NORMAL);
        // end::trap[]
    }

    @Test
    void awaitThatTimesOutShutsTheTaskDown() throws Exception {
        // tag::await-timeout[]
        Task<String> task = Task.async(scheduler, () -> slowLookup());

        assertThatThrownBy(() -> task.await(Duration.ofMillis(50)))
                .isInstanceOf(TaskTimeoutException.class);
        assertThat(task.ref().termination().get(5, SECONDS)).isEqualTo(ExitReason.KILLED);
        // end::await-timeout[]
    }

    @Test
    void yieldWaitsWithoutGivingUpOnTheTask() {
        // tag::yield[]
        Task<String> task = Task.async(scheduler, () -> slowLookup());

        Optional<String> early = task.yield(Duration.ofMillis(50));   // not yet: keeps running
        slowService.countDown();
        String answer = task.await(Duration.ofSeconds(5));

        assertThat(early).isEmpty();
        assertThat(answer).isEqualTo("answer");
        // end::yield[]
    }

    @Test
    void shutdownStopsARunningTaskAndReturnsTheResultOfAFinishedOne() throws Exception {
        // tag::shutdown[]
        Task<String> running = Task.async(scheduler, () -> slowLookup());
        Task<Quote> done = Task.async(scheduler, () -> fetchQuote("acme"));
        done.ref().termination().get(5, SECONDS);

        Optional<String> nothing = running.shutdown(Duration.ofSeconds(1));   // SHUTDOWN, then KILL
        Optional<Quote> quote = done.shutdown();

        assertThat(nothing).isEmpty();
        assertThat(running.ref().termination().get(5, SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(quote).contains(new Quote("acme", 400));
        // end::shutdown[]
    }

    @Test
    void anAgentKeepsStateInAProcessAndRunsFunctionsOnItOneAtATime() {
        // tag::agent[]
        Agent<Map<String, Integer>> bucket = Agent.start(scheduler, HashMap::new);

        bucket.update(items -> {                        // runs inside the agent; returns when done
            items.put("milk", 3);
            return items;
        });
        bucket.cast(items -> {                          // the same, without waiting
            items.merge("milk", 1, Integer::sum);
            return items;
        });
        Integer milk = bucket.get(items -> items.get("milk"));   // sees the cast: same sender

        assertThat(milk).isEqualTo(4);
        bucket.stop();
        assertThat(bucket.ref().isAlive()).isFalse();
        // end::agent[]
    }

    @Test
    void getAndUpdateReturnsThePreviousState() {
        // tag::get-and-update[]
        Agent<Integer> sequence = Agent.start(scheduler, () -> 1);

        int first = sequence.getAndUpdate(n -> n + 1);
        int second = sequence.getAndUpdate(n -> n + 1);

        assertThat(first).isEqualTo(1);
        assertThat(second).isEqualTo(2);
        assertThat(sequence.get()).isEqualTo(3);
        // end::get-and-update[]
    }

    @Test
    void aFunctionThatThrowsCrashesTheAgent() {
        // tag::agent-crash[]
        Agent<Integer> agent = Agent.start(scheduler, () -> 0);

        assertThatThrownBy(() -> agent.update(n -> 10 / n))
                .isInstanceOfSatisfying(ProcessExitException.class,
                        e -> assertThat(e.getCause()).isInstanceOf(ArithmeticException.class));
        assertThat(agent.ref().isAlive()).isFalse();
        // end::agent-crash[]
    }

    @Test
    void anAgentStartedWithStartLinkDiesWithItsOwner() throws Exception {
        // tag::start-link[]
        CompletableFuture<Agent<Integer>> started = new CompletableFuture<>();
        scheduler.spawn(ctx -> {
            Agent<Integer> counter = Agent.startLink(() -> 0);   // linked to this process
            counter.update(n -> n + 1);
            started.complete(counter);
            ctx.exit(ExitReason.shutdown("done"));
        });

        Agent<Integer> counter = started.get(5, SECONDS);

        assertThat(counter.ref().termination().get(5, SECONDS)).isEqualTo(ExitReason.shutdown("done"));
        // end::start-link[]
    }
}
