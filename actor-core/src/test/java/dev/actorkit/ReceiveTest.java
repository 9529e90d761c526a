package dev.actorkit;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** receive with timeouts, selective receive, flush and mailboxSize (Erlang's receive ... after ... end). */
@Timeout(30)
class ReceiveTest {

    @RegisterExtension
    final SchedulerExtension schedulerExtension = new SchedulerExtension(Duration.ofMillis(100));
    private final Scheduler scheduler = schedulerExtension.scheduler();

    // ---- receive(Duration): the after clause ----

    @Test
    void receiveWithTimeoutReturnsEmptyWhenNothingArrivesInTime() throws Exception {
        Duration timeout = Duration.ofMillis(150);

        List<Object> resultAndWait = inProcess(ctx -> {
            long start = System.nanoTime();
            Optional<Object> result = ctx.receive(timeout);
            return List.of(result, Duration.ofNanos(System.nanoTime() - start));
        });

        assertThat(resultAndWait.get(0)).isEqualTo(Optional.empty());
        assertThat((Duration) resultAndWait.get(1)).as("waited at least the timeout")
                .isGreaterThanOrEqualTo(timeout.minusMillis(5));
    }

    @Test
    void receiveWithTimeoutReturnsAMessageThatArrivesInTime() throws Exception {
        CompletableFuture<Void> waiting = new CompletableFuture<>();
        CompletableFuture<Optional<Object>> result = new CompletableFuture<>();
        ProcessRef<Object> p = scheduler.spawn(ctx -> {
            waiting.complete(null);
            result.complete(ctx.receive(Duration.ofSeconds(5)));
        });
        waiting.get(5, SECONDS);

        p.send("hello");

        assertThat(result.get(5, SECONDS)).contains("hello");
    }

    @Test
    void receiveWithZeroTimeoutReturnsEmptyOnAnEmptyMailbox() throws Exception {
        Optional<Object> result = inProcess(ctx -> ctx.receive(Duration.ZERO));

        assertThat(result).isEmpty();
    }

    @Test
    void receiveWithZeroTimeoutReturnsAMessageAlreadyQueued() throws Exception {
        List<Object> results = inProcess(ctx -> {
            ctx.self().send("queued");
            return List.of(ctx.receive(Duration.ZERO), ctx.receive(Duration.ZERO));
        });

        assertThat(results).containsExactly(Optional.of("queued"), Optional.empty());
    }

    // ---- selective receive ----

    @Test
    void receiveByTypeTakesTheOldestMessageOfThatTypeAndKeepsTheOthersInOrder() throws Exception {
        List<Object> results = inProcess(ctx -> {
            sendToSelf(ctx, "a", 1, "b", 2, "c");
            Optional<Integer> first = ctx.receive(Integer.class, Duration.ZERO);
            return List.of(first, ctx.flush());
        });

        assertThat(results).containsExactly(Optional.of(1), List.of("a", "b", 2, "c"));
    }

    @Test
    void receiveByTypeWaitsForAMatchThatArrivesLaterAndKeepsEarlierMessagesInOrder() throws Exception {
        CompletableFuture<Void> waiting = new CompletableFuture<>();
        CompletableFuture<List<Object>> result = new CompletableFuture<>();
        ProcessRef<Object> p = scheduler.spawn(ctx -> {
            sendToSelf(ctx, "a", "b");
            waiting.complete(null);
            Optional<Integer> match = ctx.receive(Integer.class, Duration.ofSeconds(5));
            result.complete(List.of(match, ctx.flush()));
        });
        waiting.get(5, SECONDS);

        p.send("c");
        p.send(42);

        assertThat(result.get(5, SECONDS)).containsExactly(Optional.of(42), List.of("a", "b", "c"));
    }

    @Test
    void receiveByTypeReturnsEmptyAfterTheTimeoutAndKeepsTheMessagesInOrder() throws Exception {
        List<Object> results = inProcess(ctx -> {
            sendToSelf(ctx, "a", "b");
            return List.of(ctx.receive(Integer.class, Duration.ofMillis(50)), ctx.flush());
        });

        assertThat(results).containsExactly(Optional.empty(), List.of("a", "b"));
    }

    @Test
    void receiveByPredicateTakesTheOldestMatchesAndKeepsTheOthersInOrder() throws Exception {
        List<Object> results = inProcess(ctx -> {
            for (int i = 1; i <= 10; i++) {
                ctx.self().send(i);
            }
            Optional<Object> first = ctx.receive(m -> m instanceof Integer i && i % 3 == 0, Duration.ZERO);
            Optional<Object> second = ctx.receive(m -> m instanceof Integer i && i % 3 == 0, Duration.ZERO);
            return List.of(first, second, ctx.flush());
        });

        assertThat(results).containsExactly(Optional.of(3), Optional.of(6), List.of(1, 2, 4, 5, 7, 8, 9, 10));
    }

    @Test
    void receiveByPredicateReturnsEmptyAfterTheTimeoutAndKeepsTheMessagesInOrder() throws Exception {
        List<Object> results = inProcess(ctx -> {
            sendToSelf(ctx, 1, 2, 3);
            return List.of(ctx.receive(m -> m.equals(4), Duration.ofMillis(50)), ctx.flush());
        });

        assertThat(results).containsExactly(Optional.empty(), List.of(1, 2, 3));
    }

    @Test
    void selectiveReceiveFindsTheOneMatchAmongTenThousandMessagesAndKeepsThemAllInOrder() throws Exception {
        int count = 10_000;
        CompletableFuture<List<Object>> result = new CompletableFuture<>();
        ProcessRef<Object> p = scheduler.spawn(ctx -> {
            Optional<String> match = ctx.receive(String.class, Duration.ofSeconds(5));
            Optional<String> none = ctx.receive(String.class, Duration.ZERO);
            int sizeAfter = ctx.mailboxSize();
            result.complete(List.of(match, none, sizeAfter, ctx.flush(), ctx.mailboxSize()));
        });

        for (int i = 0; i < count; i++) {
            p.send(i);
        }
        p.send("the match");

        List<Object> results = result.get(10, SECONDS);
        assertThat(results.get(0)).isEqualTo(Optional.of("the match"));
        assertThat(results.get(1)).isEqualTo(Optional.empty());
        assertThat(results.get(2)).isEqualTo(count);
        assertThat(results.get(3)).isEqualTo(IntStream.range(0, count).boxed().toList());
        assertThat(results.get(4)).isEqualTo(0);
    }

    // ---- flush and mailboxSize ----

    @Test
    void flushReturnsAllQueuedMessagesOldestFirstAndEmptiesTheMailbox() throws Exception {
        List<Object> results = inProcess(ctx -> {
            sendToSelf(ctx, "one", 2, "three");
            return List.of(ctx.flush(), ctx.flush(), ctx.mailboxSize());
        });

        assertThat(results).containsExactly(List.of("one", 2, "three"), List.of(), 0);
    }

    @Test
    void flushReturnsMessagesFromAnotherSenderOldestFirst() throws Exception {
        CompletableFuture<Void> go = new CompletableFuture<>();
        CompletableFuture<List<Object>> flushed = new CompletableFuture<>();
        ProcessRef<Object> p = scheduler.spawn(ctx -> {
            ctx.receive(m -> m.equals("go"), Duration.ofSeconds(5)).orElseThrow();
            flushed.complete(ctx.flush());
        });

        p.send(1);
        p.send(2);
        p.send(3);
        p.send("go");

        assertThat(flushed.get(5, SECONDS)).containsExactly(1, 2, 3);
    }

    @Test
    void flushOnAnEmptyMailboxReturnsAnEmptyListAtOnce() throws Exception {
        List<Object> flushed = inProcess(ProcessContext::flush);

        assertThat(flushed).isEmpty();
    }

    @Test
    void mailboxSizeCountsWaitingMessages() throws Exception {
        List<Object> sizes = inProcess(ctx -> {
            int empty = ctx.mailboxSize();
            sendToSelf(ctx, "a", "b", "c");
            int three = ctx.mailboxSize();
            ctx.receive();
            int two = ctx.mailboxSize();
            ctx.flush();
            return List.of(empty, three, two, ctx.mailboxSize());
        });

        assertThat(sizes).containsExactly(0, 3, 2, 0);
    }

    @Test
    void processInfoCountsMessagesWaitingWhileTheProcessWaitsForAnotherMessage() throws Exception {
        CompletableFuture<List<Object>> result = new CompletableFuture<>();
        ProcessRef<Object> p = scheduler.spawn(ctx -> {
            ctx.receive(m -> m.equals("stop"), Duration.ofSeconds(5)).orElseThrow();
            result.complete(ctx.flush());
        });

        for (int i = 0; i < 5; i++) {
            p.send(i);
        }

        await().atMost(Inbox.WAIT).pollInterval(Duration.ofMillis(5))
                .until(() -> scheduler.info(p).map(ProcessInfo::mailboxSize).orElse(-1), size -> size == 5);
        p.send("stop");
        assertThat(result.get(5, SECONDS)).containsExactly(0, 1, 2, 3, 4);
    }

    // ---- helpers ----

    @FunctionalInterface
    interface Action {
        Object run(ProcessContext ctx) throws Exception;
    }

    /** Runs {@code action} in a new process and returns its result. */
    @SuppressWarnings("unchecked")
    private <T> T inProcess(Action action) throws Exception {
        CompletableFuture<Object> result = new CompletableFuture<>();
        scheduler.spawn(ctx -> {
            try {
                result.complete(action.run(ctx));
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
                throw e;
            }
        });
        return (T) result.get(5, SECONDS);
    }

    private static void sendToSelf(ProcessContext ctx, Object... messages) {
        for (Object message : messages) {
            ctx.self().send(message);
        }
    }
}
