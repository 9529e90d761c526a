package dev.actorkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * BEAM's first promise: however busy some processes are, a process woken from outside the pool (a
 * plain thread, a timer, a caller waiting for a reply) gets its turn. Each case fills every worker
 * with processes that always have work, then checks that an idle process still answers.
 */
@Timeout(60)
class FairnessTest {

    /** Far longer than the few activations fairness promises; a starved process never answers at all. */
    private static final long DEADLINE_SECONDS = 10;

    private Scheduler scheduler;

    record Spin() {
    }

    record Ping(CompletableFuture<String> answer) {
    }

    record Question() {
    }

    /** Always has work: each message sends the next one to itself, so its mailbox never runs dry. */
    @Process
    static class Busy {
        static final AtomicLong HANDLED = new AtomicLong();

        @Receive
        void on(Spin spin) {
            HANDLED.incrementAndGet();
            ProcessContext.current().self().send(spin);
        }
    }

    /** Fed without pause: a handler that sends itself two messages, so its mailbox only grows (up to a cap). */
    @Process
    static class Flooded {
        @Receive
        void on(Spin spin) {
            Busy.HANDLED.incrementAndGet();
            ProcessContext context = ProcessContext.current();
            context.self().send(spin);
            if (context.mailboxSize() < 1_000) {
                context.self().send(spin);
            }
        }
    }

    @Process
    static class Idle {
        @Receive
        void on(Ping ping) {
            ping.answer().complete("pong");
        }

        @Receive
        String on(Question question) {
            return "answer";
        }
    }

    private void startBusy(int threads, int busy) {
        scheduler = Scheduler.create(SchedulerConfig.defaults().withParallelism(threads));
        long before = Busy.HANDLED.get();
        for (int i = 0; i < busy; i++) {
            ProcessRef<?> process = i % 2 == 0 ? scheduler.spawn(Busy::new) : scheduler.spawn(Flooded::new);
            process.send(new Spin());
        }
        // Every worker is busy now: the busy processes have handled many messages.
        await().atMost(Duration.ofSeconds(DEADLINE_SECONDS)).until(() -> Busy.HANDLED.get() - before > 10_000);
    }

    @AfterEach
    void close() {
        if (scheduler != null) {
            scheduler.close(Duration.ofSeconds(5));
        }
    }

    @ParameterizedTest(name = "{0} thread(s), {1} busy process(es)")
    @CsvSource({"1, 1", "1, 4", "2, 2", "2, 8"})
    void aMessageSentFromAPlainThreadReachesAnIdleProcessWhileEveryWorkerIsBusy(int threads, int busy) throws Exception {
        startBusy(threads, busy);
        ProcessRef<Idle> idle = scheduler.spawn(Idle::new);
        CompletableFuture<String> answer = new CompletableFuture<>();

        idle.send(new Ping(answer));

        assertThat(answer.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).isEqualTo("pong");
    }

    @ParameterizedTest(name = "{0} thread(s), {1} busy process(es)")
    @CsvSource({"1, 1", "1, 4", "2, 2", "2, 8"})
    void aTimerMessageReachesAnIdleProcessWhileEveryWorkerIsBusy(int threads, int busy) throws Exception {
        startBusy(threads, busy);
        ProcessRef<Idle> idle = scheduler.spawn(Idle::new);
        CompletableFuture<String> answer = new CompletableFuture<>();

        scheduler.sendAfter(idle, new Ping(answer), Duration.ofMillis(10));

        assertThat(answer.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).isEqualTo("pong");
    }

    @ParameterizedTest(name = "{0} thread(s), {1} busy process(es)")
    @CsvSource({"1, 1", "1, 4", "2, 2", "2, 8"})
    void aCallFromAPlainThreadToAnIdleProcessIsAnsweredWhileEveryWorkerIsBusy(int threads, int busy) {
        startBusy(threads, busy);
        ProcessRef<Idle> idle = scheduler.spawn(Idle::new);

        String answer = idle.call(new Question(), Duration.ofSeconds(DEADLINE_SECONDS));

        assertThat(answer).isEqualTo("answer");
    }

    @ParameterizedTest(name = "{0} thread(s), {1} busy process(es)")
    @CsvSource({"1, 2", "2, 8"})
    void busyProcessesShareTheWorkersAmongThemselves(int threads, int busy) {
        scheduler = Scheduler.create(SchedulerConfig.defaults().withParallelism(threads));
        List<ProcessRef<Counting>> counters = new ArrayList<>();
        for (int i = 0; i < busy; i++) {
            ProcessRef<Counting> counter = scheduler.spawn(Counting::new);
            counters.add(counter);
            counter.send(new Spin());
        }

        // Every one of them makes progress: none is left behind the others for good.
        for (ProcessRef<Counting> counter : counters) {
            await().atMost(Duration.ofSeconds(DEADLINE_SECONDS))
                    .until(() -> counter.call(new Question(), Duration.ofSeconds(DEADLINE_SECONDS)), count -> (long) count > 1_000);
        }
    }

    @Process
    static class Counting {
        private long count;

        @Receive
        void on(Spin spin) {
            count++;
            ProcessContext.current().self().send(spin);
        }

        @Receive
        long on(Question question) {
            return count;
        }
    }
}
