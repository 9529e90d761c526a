package dev.actorkit;

import static dev.actorkit.Await.WAIT;
import static dev.actorkit.Await.exitReasonOf;
import static dev.actorkit.Await.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code call} to annotation-driven processes: gen_server_SUITE's call, delayed reply, timeouts,
 * calling_self, noproc and crash-during-call cases, and Elixir's GenServer.call tests.
 */
@Timeout(30)
class GenServerCallTest {

    @RegisterExtension
    final SchedulerExtension schedulerExtension = new SchedulerExtension(Duration.ofMillis(200));
    private final Scheduler scheduler = schedulerExtension.scheduler();
    /** Side effects of void handlers, seen by the test thread. */
    private final BlockingQueue<Object> effects = new LinkedBlockingQueue<>();

    record Increment(int by) { }
    record Record(String what) { }
    record Deferred() { }
    record Release(String answer) { }
    record Crash(RuntimeException failure) { }
    record CallSelf() { }
    record Echo(String text) { }
    record Unknown() { }
    record Relay(String text) { }
    record Unrelated(int n) { }

    @Process
    class Server {
        private int count;
        private Reply<String> held;

        @Receive
        int on(Increment m) {
            count += m.by();
            return count;
        }

        @Receive
        void on(Record m) {
            effects.add(m.what());
        }

        /** gen_server's {noreply, State}: the call is answered later, through the Reply. */
        @Receive
        void on(Deferred m, Reply<String> reply) {
            held = reply;
        }

        /** gen_server:reply/2 while handling another message; the reply's result is the answer. */
        @Receive
        boolean on(Release m) {
            return held.reply(m.answer());
        }

        @Receive
        String on(Crash m) {
            throw m.failure();
        }

        @Receive
        Object on(CallSelf m, ProcessContext ctx) {
            try {
                return ctx.self().call(new Increment(1));
            } catch (CallingSelfException e) {
                return e;
            }
        }

        @Receive
        String on(Echo m) {
            return "echo:" + m.text();
        }
    }

    /** Calls another process from inside its own handler. */
    @Process
    static class Front {
        private final ProcessRef<?> back;

        Front(ProcessRef<?> back) {
            this.back = back;
        }

        @Receive
        String on(Relay m) {
            return "front:" + back.<String>call(new Echo(m.text()));
        }
    }

    @Test
    void callReturnsTheValueTheHandlerReturns() {
        ProcessRef<Server> server = scheduler.spawn(Server::new);

        int first = server.call(new Increment(2));
        int second = server.call(new Increment(3));

        assertThat(first).isEqualTo(2);
        assertThat(second).isEqualTo(5);
    }

    @Test
    void callToAVoidHandlerReturnsNullAfterTheHandlerRan() {
        ProcessRef<Server> server = scheduler.spawn(Server::new);

        Object reply = server.call(new Record("done"));

        assertThat(reply).isNull();
        // The side effect is there as soon as call returns: the null reply comes after the handler ran.
        assertThat(effects.poll()).isEqualTo("done");
    }

    @Test
    void aHandlerTakingAReplyAnswersTheCallWhileHandlingALaterMessage() throws Exception {
        ProcessRef<Server> server = scheduler.spawn(Server::new);

        CompletableFuture<String> pending = server.ask(new Deferred(), WAIT);
        int afterDeferred = server.call(new Increment(1)); // the Deferred handler has returned by now
        boolean pendingBeforeRelease = pending.isDone();
        boolean delivered = server.call(new Release("later"));

        assertThat(afterDeferred).isEqualTo(1);
        assertThat(pendingBeforeRelease).as("answered before the Release").isFalse();
        assertThat(delivered).isTrue();
        assertThat(pending.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("later");
    }

    @Test
    void callWithoutAReplyInTimeFailsWithACallTimeoutExceptionNamingTargetRequestTypeAndTimeout() {
        ProcessRef<Server> server = scheduler.spawn(Server::new);
        Duration timeout = Duration.ofMillis(100);

        assertThatThrownBy(() -> server.call(new Deferred(), timeout))
                .isInstanceOf(CallTimeoutException.class)
                .hasMessageContaining(server.pid().toString())
                .hasMessageContaining(Deferred.class.getName())
                .hasMessageContaining(timeout.toString())
                .hasMessageContaining("Check that")
                .hasMessageContaining("replies");
        assertThat(server.isAlive()).isTrue();
    }

    @Test
    void aReplyAfterTheCallTimedOutIsDroppedAndNeverReachesTheCallersMailbox() throws Exception {
        ProcessRef<Server> server = scheduler.spawn(Server::new);
        BlockingQueue<Object> results = new LinkedBlockingQueue<>();
        scheduler.spawn(ctx -> {
            try {
                server.call(new Deferred(), Duration.ofMillis(100));
                results.add("replied in time");
            } catch (CallTimeoutException expected) {
                results.add(expected);
            }
            // Synchronous: when this returns, the late reply has been attempted.
            boolean delivered = server.call(new Release("too late"));
            results.add(delivered);
            results.add(ctx.receive(Duration.ZERO));
        });

        assertThat(take(results)).isInstanceOf(CallTimeoutException.class);
        assertThat(take(results)).as("Reply.reply after the timeout").isEqualTo(false);
        assertThat(take(results)).as("stray message in the caller's mailbox").isEqualTo(Optional.empty());
    }

    @Test
    void aProcessCallingItselfGetsCallingSelfException() {
        ProcessRef<Server> server = scheduler.spawn(Server::new);

        Object outcome = server.call(new CallSelf());

        assertThat(outcome).isInstanceOf(CallingSelfException.class);
        assertThat(((Exception) outcome).getMessage()).contains(server.pid().toString()).contains(Increment.class.getName());
        assertThat(server.isAlive()).isTrue();
    }

    @Test
    void callToADeadProcessFailsWithNoProcessException() throws Exception {
        ProcessRef<Server> server = scheduler.spawn(Server::new);
        scheduler.exit(server, ExitReason.KILL);
        exitReasonOf(server);

        assertThatThrownBy(() -> server.call(new Increment(1)))
                .isInstanceOf(NoProcessException.class)
                .hasMessageContaining(server.pid().toString());
        assertThat(server.ask(new Increment(1), WAIT))
                .failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(NoProcessException.class);
    }

    @Test
    void aCrashDuringTheCallFailsItWithProcessExitExceptionCarryingTheErrorReason() {
        ProcessRef<Server> server = scheduler.spawn(Server::new);
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> server.call(new Crash(boom)))
                .isInstanceOfSatisfying(ProcessExitException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ExitReason.error(boom));
                    assertThat(e.getCause()).isSameAs(boom);
                });
        assertThat(server.isAlive()).isFalse();
    }

    @Test
    void callWithARequestNoHandlerAcceptsFailsAtOnceWithUnhandledMessageException() {
        ProcessRef<Server> server = scheduler.spawn(Server::new);

        CompletableFuture<Object> asked = server.ask(new Unknown(), Duration.ofMinutes(1));

        assertThat(asked).as("failed before ask returned, not after a timeout").isCompletedExceptionally();
        assertThatThrownBy(() -> server.call(new Unknown(), Duration.ofMinutes(1)))
                .isInstanceOf(UnhandledMessageException.class)
                .hasMessageContaining(Server.class.getName())
                .hasMessageContaining(Unknown.class.getName());
        assertThat(server.isAlive()).isTrue();
    }

    @Test
    void askReturnsAFutureThatCompletesWithTheReply() throws Exception {
        ProcessRef<Server> server = scheduler.spawn(Server::new);

        CompletableFuture<String> reply = server.ask(new Echo("hi"), WAIT);

        assertThat(reply.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("echo:hi");
    }

    @Test
    void askWithoutAReplyInTimeCompletesExceptionallyWithCallTimeoutException() {
        ProcessRef<Server> server = scheduler.spawn(Server::new);

        CompletableFuture<String> reply = server.ask(new Deferred(), Duration.ofMillis(100));

        assertThat(reply).failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(CallTimeoutException.class);
    }

    @Test
    void aHandlerCanCallAnotherAnnotationProcessEvenWhenThePoolHasOneThread() {
        // With one pool thread, the callee can only run if the caller's wait is a managed block.
        try (Scheduler single = Scheduler.create(SchedulerConfig.defaults().withParallelism(1))) {
            ProcessRef<Server> back = single.spawn(Server::new);
            ProcessRef<Front> front = single.spawn(() -> new Front(back));

            String reply = front.call(new Relay("hi"));

            assertThat(reply).isEqualTo("front:echo:hi");
        }
    }

    @Test
    void aRegisteredAnnotationProcessCanBeCalledThroughItsName() {
        ProcessRef<Server> server = scheduler.spawn(Server::new);
        scheduler.register("server", server);

        String reply = scheduler.whereis("server").orElseThrow().call(new Echo("by name"));

        assertThat(reply).isEqualTo("echo:by name");
    }

    @Test
    void aCallerWithAHundredThousandQueuedMessagesGetsTheReplyAndKeepsItsMessagesInOrder() throws Exception {
        int queued = 100_000;
        ProcessRef<Server> server = scheduler.spawn(Server::new);
        CountDownLatch allQueued = new CountDownLatch(1);
        BlockingQueue<Object> results = new LinkedBlockingQueue<>();
        ProcessRef<Object> caller = scheduler.spawn(ctx -> {
            allQueued.await();
            results.add(ctx.mailboxSize());
            results.add(server.call(new Echo("busy caller")));
            results.add(ctx.flush());
        });
        List<Unrelated> sent = new ArrayList<>(queued);
        for (int i = 0; i < queued; i++) {
            Unrelated message = new Unrelated(i);
            sent.add(message);
            caller.send(message);
        }
        allQueued.countDown();

        assertThat(take(results)).as("mailbox size before the call").isEqualTo(queued);
        assertThat(take(results)).isEqualTo("echo:busy caller");
        assertThat(take(results)).as("the caller's messages after the call").isEqualTo(sent);
    }
}
