package dev.actorkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.actorkit.Call;
import dev.actorkit.ExitReason;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.cluster.TestMessages.Echo;
import dev.actorkit.cluster.TestMessages.Ping;
import dev.actorkit.cluster.TestMessages.Pong;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Erlang connects to a node on first use. Here node "a" learns a ref to a process of node "c" from node "b"
 * while c's greeting to a is held back (a's receiving side does not take c's messages yet): what a sends,
 * calls and watches through that ref waits for the greeting instead of failing.
 */
class AutoConnectTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Nodes a, b, c; c's messages to a are held at a; returns c's "echo" as a ref a received from b. */
    private static ProcessRef<Object> refToCLearntFromB(LoopbackNodes nodes, Cluster a, List<Object> onC)
            throws InterruptedException {
        Cluster b = nodes.start("b");
        nodes.gate(a).hold("c");
        Cluster c = nodes.start("c");
        Scheduler cScheduler = nodes.scheduler(c);
        cScheduler.register("echo", cScheduler.spawn(ctx -> {
            while (true) {
                Object message = ctx.receive();
                onC.add(message);
                if (message instanceof Call call && call.request() instanceof Echo(String text)) {
                    call.reply(new Echo(text + " from c"));
                }
            }
        }));
        BlockingQueue<ProcessRef<Object>> refsOnA = new LinkedBlockingQueue<>();
        Scheduler aScheduler = nodes.scheduler(a);
        aScheduler.register("inbox", aScheduler.spawn(ctx -> {
            while (true) {
                if (ctx.receive() instanceof Ping(String text, ProcessRef<Object> replyTo)) {
                    refsOnA.add(replyTo);
                }
            }
        }));
        await().atMost(WAIT).until(() -> b.nodes().size() == 2 && c.nodes().stream()
                .anyMatch(node -> node.name().equals("b")));
        ProcessRef<Object> echoOnC = b.whereis("c", "echo", WAIT).orElseThrow();
        b.send("a", "inbox", new Ping("here is c's echo", echoOnC));
        ProcessRef<Object> ref = refsOnA.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(ref).as("a got the ref from b").isNotNull();
        assertThat(a.nodes()).extracting(NodeId::name).containsExactly("b"); // c has not greeted a yet
        return ref;
    }

    @Test
    void aRefToANodeThatHasNotGreetedYetCanBeSentToCalledAndWatchedAndItAllHappensOnceItGreets() throws Exception {
        try (LoopbackNodes nodes = new LoopbackNodes()) {
            Cluster a = nodes.start("a");
            List<RemoteDeadLetter> deadLetters = new CopyOnWriteArrayList<>();
            a.onDeadLetter(deadLetters::add);
            List<Object> onC = new CopyOnWriteArrayList<>();
            ProcessRef<Object> echoOnC = refToCLearntFromB(nodes, a, onC);

            echoOnC.send(new Pong("first"));
            CompletableFuture<Echo> answer = echoOnC.ask(new Echo("hello"), WAIT);
            CompletableFuture<ExitReason> termination = echoOnC.termination();
            echoOnC.send(new Pong("second"));
            assertThat(answer).isNotDone();
            assertThat(termination).isNotDone();

            nodes.gate(a).open("c"); // c's greeting reaches a

            assertThat(answer).succeedsWithin(WAIT).isEqualTo(new Echo("hello from c"));
            await().atMost(WAIT).until(() -> onC.size() == 3);
            assertThat(onC.get(0)).isEqualTo(new Pong("first"));
            assertThat(onC.get(1)).isInstanceOf(Call.class);
            assertThat(onC.get(2)).isEqualTo(new Pong("second"));
            assertThat(termination).isNotDone();
            assertThat(deadLetters).isEmpty();
            assertThat(a.nodes()).extracting(NodeId::name).containsExactlyInAnyOrder("b", "c");
        }
    }

    @Test
    void whatWasSentToANodeThatNeverGreetsBecomesDeadLettersAfterTheHeartbeatTimeout() throws Exception {
        try (LoopbackNodes nodes = new LoopbackNodes()) {
            Cluster a = nodes.start("a", builder -> builder.allow(TestMessages.ALLOWED)
                    .heartbeatTimeout(Duration.ofSeconds(1)).suspicionTimeout(Duration.ofMillis(300)));
            List<RemoteDeadLetter> deadLetters = new CopyOnWriteArrayList<>();
            a.onDeadLetter(deadLetters::add);
            ProcessRef<Object> echoOnC = refToCLearntFromB(nodes, a, new CopyOnWriteArrayList<>());

            echoOnC.send(new Pong("lost"));
            CompletableFuture<Echo> answer = echoOnC.ask(new Echo("hello"), WAIT);

            await().atMost(WAIT).until(() -> deadLetters.size() == 1);
            assertThat(deadLetters.get(0).message()).isEqualTo(new Pong("lost"));
            assertThat(deadLetters.get(0).cause()).isEqualTo(RemoteDeadLetter.Cause.NO_CONNECTION);
            assertThat(answer).failsWithin(WAIT).withThrowableThat().havingRootCause()
                    .withMessageContaining("not connected");
        }
    }
}
