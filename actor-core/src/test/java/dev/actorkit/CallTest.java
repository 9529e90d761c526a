package dev.actorkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code call} = monitor + request + wait, as gen_server:call; {@code ask} is its asynchronous form. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CallTest {

    private final Scheduler scheduler = Scheduler.create();

    @AfterEach
    void close() {
        scheduler.close(Duration.ofMillis(100)); // short: some processes trap exits
    }

    record Slow(String what) { }

    /** A process that answers every call with "echo:" + request. */
    private ProcessRef<Object> echo() {
        return scheduler.spawn(ctx -> {
            while (true) {
                if (ctx.receive() instanceof Call call) {
                    call.reply("echo:" + call.request());
                }
            }
        });
    }

    /** A process that takes calls but never answers them; the calls it got are put in {@code held}. */
    private ProcessRef<Object> silent(BlockingQueue<Call> held) {
        return scheduler.spawn(ctx -> {
            while (true) {
                if (ctx.receive() instanceof Call call) {
                    held.add(call);
                }
            }
        });
    }

    private static <T> T take(BlockingQueue<T> queue) throws InterruptedException {
        T value = queue.poll(5, TimeUnit.SECONDS);
        assertThat(value).as("value within 5 s").isNotNull();
        return value;
    }

    @Test
    void aBlockingStyleProcessReceivesTheRequestAsACall() throws Exception {
        BlockingQueue<Object> requests = new LinkedBlockingQueue<>();
        ProcessRef<Object> server = scheduler.spawn(ctx -> {
            Call call = ctx.receive(Call.class, Duration.ofSeconds(5)).orElseThrow();
            requests.add(call.request());
            call.reply("ok");
        });

        String reply = server.call(new Slow("tea"));

        assertThat(reply).isEqualTo("ok");
        assertThat(take(requests)).isEqualTo(new Slow("tea"));
    }

    @Test
    void callReturnsTheReply() {
        ProcessRef<Object> server = echo();

        String reply = server.call("ping", Duration.ofSeconds(5));

        assertThat(reply).isEqualTo("echo:ping");
    }

    @Test
    void callReturnsNullWhenTheProcessRepliesNull() {
        ProcessRef<Object> server = scheduler.spawn(ctx -> {
            Call call = ctx.receive(Call.class, Duration.ofSeconds(5)).orElseThrow();
            assertThat(call.reply(null)).isTrue();
        });

        Object reply = server.call("anything", Duration.ofSeconds(5));

        assertThat(reply).isNull();
    }

    @Test
    void onlyTheFirstReplyCounts() throws Exception {
        BlockingQueue<Boolean> secondReply = new LinkedBlockingQueue<>();
        ProcessRef<Object> server = scheduler.spawn(ctx -> {
            Call call = ctx.receive(Call.class, Duration.ofSeconds(5)).orElseThrow();
            call.reply("first");
            secondReply.add(call.reply("second"));
        });

        String reply = server.call("q", Duration.ofSeconds(5));

        assertThat(reply).isEqualTo("first");
        assertThat(take(secondReply)).isFalse();
    }

    @Test
    void callToADeadProcessThrowsNoProcessException() throws Exception {
        ProcessRef<Object> dead = scheduler.spawn(ctx -> { });
        dead.termination().get(5, TimeUnit.SECONDS);

        assertThatThrownBy(() -> dead.call("ping", Duration.ofSeconds(5))).isInstanceOf(NoProcessException.class);
    }

    @Test
    void callToAProcessThatDiesDuringTheCallThrowsProcessExitExceptionWithItsReason() {
        IllegalStateException crash = new IllegalStateException("boom");
        ProcessRef<Object> server = scheduler.spawn(ctx -> {
            ctx.receive(Call.class, Duration.ofSeconds(5)).orElseThrow();
            throw crash;
        });

        assertThatThrownBy(() -> server.call("ping", Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(ProcessExitException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExitReason.error(crash)));
    }

    @Test
    void callToAProcessKilledDuringTheCallCarriesKilled() throws Exception {
        BlockingQueue<Call> held = new LinkedBlockingQueue<>();
        ProcessRef<Object> server = silent(held);

        CompletableFuture<Object> reply = server.ask("ping", Duration.ofSeconds(5));
        take(held);
        scheduler.exit(server, ExitReason.KILL);

        assertThatThrownBy(() -> reply.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(ProcessExitException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExitReason.KILLED));
    }

    @Test
    void callWithoutAReplyInTimeThrowsCallTimeoutExceptionNamingTargetRequestTypeAndTimeout() {
        ProcessRef<Object> server = silent(new LinkedBlockingQueue<>());

        assertThatThrownBy(() -> server.call(new Slow("coffee"), Duration.ofMillis(200)))
                .isInstanceOfSatisfying(CallTimeoutException.class, e -> {
                    String message = e.getMessage();
                    assertThat(message).contains(server.pid().toString());
                    assertThat(message).contains("Slow");
                    assertThat(message).containsAnyOf("PT0.2S", "200ms", "200 ms", "0.2s", "0.2 s", "200 milliseconds");
                    assertThat(message).containsIgnoringCase("repl");
                });
    }

    @Test
    void callWithoutATimeoutUsesTheConfiguredCallTimeout() {
        try (Scheduler quick = Scheduler.create(SchedulerConfig.defaults().withCallTimeout(Duration.ofMillis(200)))) {
            ProcessRef<Object> server = quick.spawn(ctx -> {
                while (true) {
                    ctx.receive(); // never replies
                }
            });

            assertThatThrownBy(() -> server.call("ping")).isInstanceOf(CallTimeoutException.class);
        }
    }

    @Test
    void aLateReplyAfterATimeoutIsDiscarded() throws Exception {
        BlockingQueue<Call> held = new LinkedBlockingQueue<>();
        ProcessRef<Object> server = silent(held);

        assertThatThrownBy(() -> server.call("ping", Duration.ofMillis(100))).isInstanceOf(CallTimeoutException.class);

        assertThat(take(held).reply("late")).isFalse();
    }

    @Test
    void aCallingProcessNeverReceivesALateReplyAsAStrayMessage() throws Exception {
        BlockingQueue<Call> held = new LinkedBlockingQueue<>();
        ProcessRef<Object> server = silent(held);
        CompletableFuture<Throwable> callFailure = new CompletableFuture<>();
        CompletableFuture<List<Object>> strays = new CompletableFuture<>();
        ProcessRef<Object> caller = scheduler.spawn(ctx -> {
            try {
                server.call("ping", Duration.ofMillis(100));
                callFailure.complete(new AssertionError("the call should have timed out"));
            } catch (CallTimeoutException expected) {
                callFailure.complete(expected);
            }
            List<Object> received = new ArrayList<>();
            Object message;
            while (!"done".equals(message = ctx.receive())) {
                received.add(message);
            }
            // anything that might still trickle in after the marker
            Optional<Object> more;
            while ((more = ctx.receive(Duration.ofMillis(200))).isPresent()) {
                received.add(more.get());
            }
            strays.complete(received);
        });

        assertThat(callFailure.get(5, TimeUnit.SECONDS)).isInstanceOf(CallTimeoutException.class);
        assertThat(take(held).reply("late")).isFalse();
        caller.send("done");

        assertThat(strays.get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void aProcessCallingItselfThrowsCallingSelfException() throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        scheduler.spawn(ctx -> {
            try {
                ctx.self().call("me", Duration.ofSeconds(5));
                failure.complete(new AssertionError("call returned"));
            } catch (Throwable e) {
                failure.complete(e);
            }
        });

        assertThat(failure.get(5, TimeUnit.SECONDS)).isInstanceOf(CallingSelfException.class);
    }

    @Test
    void askReturnsAFutureCompletingWithTheReply() throws Exception {
        ProcessRef<Object> server = echo();

        CompletableFuture<String> reply = server.ask("ping", Duration.ofSeconds(5));

        assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo("echo:ping");
    }

    @Test
    void askToADeadProcessCompletesExceptionallyWithNoProcessException() throws Exception {
        ProcessRef<Object> dead = scheduler.spawn(ctx -> { });
        dead.termination().get(5, TimeUnit.SECONDS);

        CompletableFuture<Object> reply = dead.ask("ping", Duration.ofSeconds(5));

        assertThatThrownBy(() -> reply.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(NoProcessException.class);
    }

    @Test
    void manyConcurrentCallersEachGetTheirOwnReply() throws Exception {
        ProcessRef<Object> server = echo();
        int callers = 50;
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<String>> replies = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < callers; i++) {
                String request = "r" + i;
                replies.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return server.<String>call(request, Duration.ofSeconds(5));
                }, threads));
            }
            start.countDown();

            for (int i = 0; i < callers; i++) {
                assertThat(replies.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("echo:r" + i);
            }
        }
    }
}
