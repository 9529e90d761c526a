package dev.actorkit.docs;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

// tag::imports[]
import dev.actorkit.Call;
import dev.actorkit.ExitReason;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
// end::imports[]
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples of docs/processes.md; the snippets there are the tagged regions below. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProcessesGuideTest {

    private final Scheduler scheduler = Scheduler.create();

    @AfterEach
    void close() {
        scheduler.close(Duration.ofMillis(100)); // short: some processes trap exits
    }

    // tag::messages[]
    record Increment(int by) { }
    record Get() { }
    record Stop() { }
    // end::messages[]

    record Urgent(String what) { }

    @Test
    void aCounterProcessHandlesOneMessageAtATime() throws Exception {
        // tag::counter[]
        try (Scheduler scheduler = Scheduler.create()) {
            ProcessRef<Object> counter = scheduler.spawn(ctx -> {
                int count = 0;                                  // private state
                while (true) {
                    switch (ctx.receive()) {                    // receive ... end
                        case Increment increment -> count += increment.by();
                        case Call call when call.request() instanceof Get -> call.reply(count);
                        case Stop stop -> {
                            return;                             // returning exits NORMAL
                        }
                        default -> { }                          // ignore anything else
                    }
                }
            });

            counter.send(new Increment(2));
            counter.send(new Increment(3));
            int count = counter.call(new Get());

            assertThat(count).isEqualTo(5);
            counter.send(new Stop());
            assertThat(counter.termination().get(5, SECONDS)).isEqualTo(ExitReason.NORMAL);
        }
        // end::counter[]
    }

    @Test
    void selectiveReceiveTakesTheFirstMatchAndKeepsTheRestInOrder() throws Exception {
        // tag::selective[]
        CompletableFuture<List<Object>> handled = new CompletableFuture<>();
        ProcessRef<Object> worker = scheduler.spawn(ctx -> {
            List<Object> order = new ArrayList<>();
            // The oldest Urgent message, whatever arrived before it; the others stay queued.
            order.add(ctx.receive(Urgent.class, Duration.ofSeconds(5)).orElseThrow());
            // `after 0`: what is already in the mailbox, oldest first.
            Optional<Object> next;
            while ((next = ctx.receive(Duration.ZERO)).isPresent()) {
                order.add(next.get());
            }
            handled.complete(order);
        });

        worker.send("routine 1");
        worker.send("routine 2");
        worker.send(new Urgent("fire"));

        assertThat(handled.get(5, SECONDS)).containsExactly(new Urgent("fire"), "routine 1", "routine 2");
        // end::selective[]
    }

    @Test
    void receiveWithATimeoutIsTheAfterClause() throws Exception {
        // tag::after[]
        CompletableFuture<String> outcome = new CompletableFuture<>();
        scheduler.spawn(ctx -> {
            // receive {job, J} -> ... after 100 -> timeout end
            Optional<Object> job = ctx.receive(m -> m instanceof String s && s.startsWith("job:"),
                    Duration.ofMillis(100));
            outcome.complete(job.map(j -> "got " + j).orElse("timeout"));
        });

        assertThat(outcome.get(5, SECONDS)).isEqualTo("timeout");
        // end::after[]
    }

    @Test
    void theExitReasonSaysHowAProcessEnded() throws Exception {
        // tag::reasons[]
        ProcessRef<Object> crasher = scheduler.spawn(ctx -> {
            throw new IllegalStateException("boom");            // a crash: error(e)
        });
        ProcessRef<Object> quitter = scheduler.spawn(ctx -> {
            ctx.exit(ExitReason.shutdown("maintenance"));       // exit({shutdown, maintenance})
        });
        ProcessRef<Object> sleeper = scheduler.spawn(ctx -> {
            while (true) {
                ctx.receive();
            }
        });
        scheduler.exit(sleeper, ExitReason.KILL);               // exit(Pid, kill)

        ExitReason crash = crasher.termination().get(5, SECONDS);
        assertThat(crash).isInstanceOfSatisfying(ExitReason.Error.class,
                error -> assertThat(error.cause()).hasMessage("boom"));
        assertThat(crash.toString()).isEqualTo("{error, java.lang.IllegalStateException: boom}");
        ExitReason quit = quitter.termination().get(5, SECONDS);
        assertThat(quit).isEqualTo(ExitReason.shutdown("maintenance"));
        assertThat(quit.isShutdown()).isTrue();
        assertThat(sleeper.termination().get(5, SECONDS)).isEqualTo(ExitReason.KILLED);
        // end::reasons[]
    }

    @Test
    void closeStopsEveryProcessWithShutdown() throws Exception {
        // tag::close[]
        Scheduler scheduler = Scheduler.create();
        ProcessRef<Object> worker = scheduler.spawn(ctx -> {
            while (true) {
                ctx.receive();
            }
        });

        scheduler.close();                                      // like init:stop()

        assertThat(worker.termination().get(5, SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(scheduler.isClosed()).isTrue();
        // end::close[]
    }
}
