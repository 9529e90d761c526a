package dev.actorkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.cluster.TestMessages.Echo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Erlang's send never blocks (DESIGN §2), also when the receiving node stops reading and JGroups' flow
 * control stops the traffic to it: messages wait in the sender's outbound queue, and beyond its bound
 * become dead letters that say why.
 */
class SendNeverBlocksTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Flow control lets a sender run this many bytes ahead of a receiver that does not read. */
    private static final long CREDITS = 64 * 1024;
    private static final String KILOBYTE = "x".repeat(1024);

    private record Receiver(ProcessRef<Object> remote, List<Object> received) {
    }

    private static Receiver sinkOnBar(LoopbackNodes nodes, Cluster foo, Cluster bar) {
        await().atMost(WAIT).until(() -> foo.nodes().size() == 1 && bar.nodes().size() == 1);
        List<Object> received = new CopyOnWriteArrayList<>();
        Scheduler barScheduler = nodes.scheduler(bar);
        barScheduler.register("sink", barScheduler.spawn(ctx -> {
            while (true) {
                received.add(ctx.receive());
            }
        }));
        return new Receiver(foo.whereis("bar", "sink", WAIT).orElseThrow(), received);
    }

    private static List<Echo> messages(int count) {
        List<Echo> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add(new Echo(i + ":" + KILOBYTE));
        }
        return messages;
    }

    @Test
    void sendsToANodeThatStoppedReadingReturnAndAllArriveInOrderOnceItReadsAgain() {
        try (LoopbackNodes nodes = new LoopbackNodes(CREDITS)) {
            Cluster foo = nodes.start("foo");
            Cluster bar = nodes.start("bar");
            Receiver sink = sinkOnBar(nodes, foo, bar);
            nodes.gate(bar).hold("foo"); // bar's receiving side stops taking anything from foo
            List<Echo> sent = messages(2_000); // about 2 MB: 30 times what flow control lets through

            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> sent.forEach(sink.remote()::send));

            assertThat(sending).succeedsWithin(WAIT); // never waits for bar
            await().atMost(WAIT).until(nodes.gate(bar)::isHoldingAThread);
            assertThat(sink.received()).isEmpty();
            assertThat(foo.deadLetterCount()).isZero();

            nodes.gate(bar).open("foo");
            await().atMost(WAIT).until(() -> sink.received().size() == sent.size());
            assertThat(sink.received()).containsExactlyElementsOf(sent);
        }
    }

    @Test
    void beyondTheSendQueueLimitSendsToAStalledNodeBecomeDeadLettersThatSaySo() {
        try (LoopbackNodes nodes = new LoopbackNodes(CREDITS)) {
            Cluster foo = nodes.start("foo", b -> b.allow(TestMessages.ALLOWED).sendQueueLimit(100));
            Cluster bar = nodes.start("bar");
            Receiver sink = sinkOnBar(nodes, foo, bar);
            List<RemoteDeadLetter> deadLetters = new CopyOnWriteArrayList<>();
            foo.onDeadLetter(deadLetters::add);
            nodes.gate(bar).hold("foo");
            List<Echo> sent = messages(1_000);

            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> sent.forEach(sink.remote()::send));

            assertThat(sending).succeedsWithin(WAIT);
            assertThat(deadLetters).isNotEmpty().allSatisfy(letter ->
                    assertThat(letter.cause()).isEqualTo(RemoteDeadLetter.Cause.SEND_QUEUE_FULL));
            nodes.gate(bar).open("foo");
            List<Object> accepted = new ArrayList<>(sent);
            deadLetters.forEach(letter -> accepted.remove(letter.message()));
            await().atMost(WAIT).until(() -> sink.received().size() == accepted.size());
            assertThat(sink.received()).containsExactlyElementsOf(accepted); // nothing lost silently, in order
        }
    }
}
