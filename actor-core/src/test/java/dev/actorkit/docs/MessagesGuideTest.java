package dev.actorkit.docs;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

// tag::imports[]
import dev.actorkit.Call;
import dev.actorkit.CallTimeoutException;
import dev.actorkit.DeadLetter;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.TimerRef;
// end::imports[]
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples of docs/messages.md; the snippets there are the tagged regions below. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings("try") // the dead-letter subscription is held open by try-with-resources
class MessagesGuideTest {

    private final Scheduler scheduler = Scheduler.create();

    @AfterEach
    void close() {
        scheduler.close(Duration.ofMillis(100)); // short: some processes trap exits
    }

    record Tick() { }

    @Test
    void messagesFromOneSenderArriveInSendOrder() throws Exception {
        // tag::order[]
        CompletableFuture<List<Object>> received = new CompletableFuture<>();
        ProcessRef<Object> collector = scheduler.spawn(ctx -> {
            List<Object> messages = new ArrayList<>();
            while (messages.size() < 1000) {
                messages.add(ctx.receive());
            }
            received.complete(messages);
        });

        for (int i = 0; i < 1000; i++) {
            collector.send(i);                                  // Pid ! I: never blocks
        }

        assertThat(received.get(5, SECONDS)).isSortedAccordingTo((a, b) -> (int) a - (int) b).hasSize(1000);
        // end::order[]
    }

    @Test
    void callSendsARequestAndWaitsForTheReply() throws Exception {
        // tag::call[]
        ProcessRef<Object> echo = scheduler.spawn(ctx -> {
            while (true) {
                if (ctx.receive() instanceof Call call) {
                    call.reply("echo: " + call.request());       // gen_server:reply(From, ...)
                }
            }
        });

        String reply = echo.call("hello", Duration.ofSeconds(1));
        CompletableFuture<String> later = echo.ask("world", Duration.ofSeconds(1));

        assertThat(reply).isEqualTo("echo: hello");
        assertThat(later.get(5, SECONDS)).isEqualTo("echo: world");
        // end::call[]
    }

    @Test
    void aCallCanBeAnsweredLaterFromAnotherProcess() throws Exception {
        // tag::deferred[]
        ProcessRef<Object> frontDesk = scheduler.spawn(ctx -> {
            while (true) {
                if (ctx.receive() instanceof Call call) {
                    // {noreply, State}: a helper answers, the front desk takes the next call
                    ctx.spawnLink(helper -> call.reply("done: " + call.request()));
                }
            }
        });

        String reply = frontDesk.call("report");

        assertThat(reply).isEqualTo("done: report");
        // end::deferred[]
    }

    @Test
    void aCallWithoutAReplyTimesOut() throws Exception {
        // tag::timeout[]
        ProcessRef<Object> forgetful = scheduler.spawn(ctx -> {
            while (true) {
                ctx.receive();                                  // takes calls, never replies
            }
        });

        assertThatThrownBy(() -> forgetful.call("anyone?", Duration.ofMillis(100)))
                .isInstanceOf(CallTimeoutException.class)
                .hasMessageContaining(forgetful.pid().toString());
        // end::timeout[]
    }

    @Test
    void aProcessCanTickItself() throws Exception {
        // tag::tick[]
        CompletableFuture<Integer> ticked = new CompletableFuture<>();
        scheduler.spawn(ctx -> {
            int ticks = 0;
            ctx.sendAfter(new Tick(), Duration.ofMillis(10));  // erlang:send_after(10, self(), tick)
            while (ticks < 3) {
                if (ctx.receive() instanceof Tick && ++ticks < 3) {
                    ctx.sendAfter(new Tick(), Duration.ofMillis(10));  // the next tick
                }
            }
            ticked.complete(ticks);
        });

        assertThat(ticked.get(5, SECONDS)).isEqualTo(3);
        // end::tick[]
    }

    @Test
    void aTimerCanBeCancelledBeforeItFires() {
        ProcessRef<Object> someone = scheduler.spawn(ctx -> {
            while (true) {
                ctx.receive();
            }
        });
        // tag::cancel[]
        TimerRef reminder = scheduler.sendAfter(someone, "reminder", Duration.ofMinutes(5));
        assertThat(reminder.isPending()).isTrue();

        boolean cancelled = scheduler.cancelTimer(reminder);    // erlang:cancel_timer(Ref)

        assertThat(cancelled).isTrue();
        assertThat(reminder.isPending()).isFalse();
        assertThat(scheduler.cancelTimer(reminder)).isFalse();  // already cancelled
        // end::cancel[]
    }

    @Test
    void aMessageToADeadProcessIsADeadLetter() throws Exception {
        // tag::deadletters[]
        BlockingQueue<DeadLetter> deadLetters = new LinkedBlockingQueue<>();
        try (AutoCloseable subscription = scheduler.onDeadLetter(deadLetters::add)) {
            ProcessRef<Object> gone = scheduler.spawn(ctx -> { });
            gone.termination().get(5, SECONDS);

            gone.send("anyone there?");                         // no exception, as in Erlang

            assertThat(deadLetters.poll(5, SECONDS))
                    .isEqualTo(new DeadLetter(gone, "anyone there?", DeadLetter.Cause.NO_PROCESS));
        }
        // end::deadletters[]
    }
}
