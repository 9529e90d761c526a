package dev.actorkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.actorkit.Call;
import dev.actorkit.Down;
import dev.actorkit.ExitReason;
import dev.actorkit.MonitorRef;
import dev.actorkit.NoProcessException;
import dev.actorkit.ProcessExitException;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.cluster.TestMessages.Circle;
import dev.actorkit.cluster.TestMessages.Color;
import dev.actorkit.cluster.TestMessages.Crash;
import dev.actorkit.cluster.TestMessages.Done;
import dev.actorkit.cluster.TestMessages.Drawing;
import dev.actorkit.cluster.TestMessages.Echo;
import dev.actorkit.cluster.TestMessages.Numbered;
import dev.actorkit.cluster.TestMessages.Ping;
import dev.actorkit.cluster.TestMessages.Pong;
import dev.actorkit.cluster.TestMessages.Secret;
import dev.actorkit.cluster.TestMessages.Square;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Refs to processes on another node: send, call, termination, monitors and what happens when a node goes. */
class RemoteRefTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final LoopbackNodes nodes = new LoopbackNodes();
    private Cluster foo;
    private Cluster bar;

    @BeforeEach
    void startTwoNodes() {
        foo = nodes.start("foo");
        bar = nodes.start("bar");
        await().atMost(WAIT).until(() -> foo.nodes().size() == 1 && bar.nodes().size() == 1);
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    /** Starts a process on {@code node} that answers calls with Echo(text + "!"), crashes on Crash, and registers it. */
    private ProcessRef<Object> echoOn(Cluster node, String name) {
        Scheduler scheduler = nodes.scheduler(node);
        ProcessRef<Object> echo = scheduler.spawn(ctx -> {
            while (true) {
                Object message = ctx.receive();
                if (message instanceof Call call) {
                    switch (call.request()) {
                        case Echo(String text) -> call.reply(new Echo(text + "!"));
                        case Crash(String why) -> throw new IllegalStateException(why);
                        default -> call.reply(null);
                    }
                } else if (message instanceof Ping(String text, ProcessRef<Object> replyTo)) {
                    replyTo.send(new Pong(text));
                }
            }
        });
        scheduler.register(name, echo);
        return echo;
    }

    private ProcessRef<Object> remote(Cluster from, Cluster to, String name) {
        return from.whereis(to.self().name(), name, WAIT).orElseThrow();
    }

    /** A process of {@code node} that puts every message it receives on a queue the test reads. */
    private ProcessRef<Object> inbox(Cluster node, BlockingQueue<Object> queue) {
        return nodes.scheduler(node).spawn(ctx -> {
            while (true) {
                queue.add(ctx.receive());
            }
        });
    }

    @Test
    void aCallToAProcessOnAnotherNodeReturnsItsReply() {
        echoOn(bar, "echo");

        ProcessRef<Object> echo = remote(foo, bar, "echo");

        assertThat(echo.<Echo>call(new Echo("hi"), WAIT)).isEqualTo(new Echo("hi!"));
        assertThat(echo.pid().node()).as("a remote pid names its node").isNotZero();
        assertThat(echo.isAlive()).isTrue();
    }

    @Test
    void aRefSentInAMessageLetsTheReceiverAnswerTheSender() throws InterruptedException {
        echoOn(bar, "echo");
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        ProcessRef<Object> me = inbox(foo, received);

        remote(foo, bar, "echo").send(new Ping("marco", me));

        assertThat(received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new Pong("marco"));
    }

    @Test
    void recordsWithSealedTypesEnumsCollectionsAndRefsCrossIntact() throws InterruptedException {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        ProcessRef<Object> sink = inbox(bar, received);
        nodes.scheduler(bar).register("sink", sink);
        ProcessRef<Object> owner = inbox(foo, new LinkedBlockingQueue<>());
        Drawing drawing = new Drawing(List.of(new Circle(1.5), new Square(2)), Map.of("sky", Color.GREEN), owner);

        remote(foo, bar, "sink").send(drawing);

        Drawing arrived = (Drawing) received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(arrived).isNotNull();
        assertThat(arrived.shapes()).containsExactly(new Circle(1.5), new Square(2));
        assertThat(arrived.colors()).containsEntry("sky", Color.GREEN);
        assertThat(arrived.owner().pid().node()).as("foo's process, seen from bar").isNotZero();
        assertThat(arrived.owner().pid().id()).isEqualTo(owner.pid().id());
    }

    @Test
    void messagesFrom64SendersArriveAtOneRemoteReceiverInEachSendersOrder() {
        int senders = 64;
        int perSender = 1000;
        int[] last = new int[senders];
        java.util.Arrays.fill(last, -1);
        AtomicInteger outOfOrder = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ProcessRef<Object> sink = nodes.scheduler(bar).spawn(ctx -> {
            while (true) {
                switch (ctx.receive()) {
                    case Numbered(int sender, int n) -> {
                        if (n != last[sender] + 1) {
                            outOfOrder.incrementAndGet();
                        }
                        last[sender] = n;
                    }
                    case Done d -> done.incrementAndGet();
                    default -> {
                    }
                }
            }
        });
        nodes.scheduler(bar).register("sink", sink);
        ProcessRef<Object> remoteSink = remote(foo, bar, "sink");

        for (int s = 0; s < senders; s++) {
            int sender = s;
            nodes.scheduler(foo).spawn(ctx -> {
                for (int n = 0; n < perSender; n++) {
                    remoteSink.send(new Numbered(sender, n));
                }
                remoteSink.send(new Done(sender));
            });
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> done.get() == senders);
        assertThat(outOfOrder).hasValue(0);
        assertThat(last).containsOnly(perSender - 1);
    }

    @Test
    void aCallToAProcessThatHasExitedFailsWithNoProcess() {
        ProcessRef<Object> echo = echoOn(bar, "echo");
        ProcessRef<Object> remoteEcho = remote(foo, bar, "echo");
        nodes.scheduler(bar).exit(echo, ExitReason.KILL);
        await().atMost(WAIT).until(() -> !echo.isAlive());

        assertThatThrownBy(() -> remoteEcho.call(new Echo("anyone?"), WAIT)).isInstanceOf(NoProcessException.class);
        assertThat(remoteEcho.termination()).succeedsWithin(WAIT).isEqualTo(ExitReason.NOPROC);
    }

    @Test
    void aCrashDuringACallCrossesAsAValueWithClassNameMessageAndStack() {
        echoOn(bar, "echo");
        ProcessRef<Object> echo = remote(foo, bar, "echo");
        CompletableFuture<ExitReason> termination = echo.termination();

        assertThatThrownBy(() -> echo.call(new Crash("boom"), WAIT))
                .isInstanceOfSatisfying(ProcessExitException.class, e -> {
                    assertThat(e.reason()).isInstanceOf(ExitReason.Other.class);
                    RemoteError error = (RemoteError) ((ExitReason.Other) e.reason()).value();
                    assertThat(error.className()).isEqualTo(IllegalStateException.class.getName());
                    assertThat(error.message()).isEqualTo("boom");
                    assertThat(error.stackText()).contains("RemoteRefTest");
                    assertThat(error.node()).isEqualTo("bar");
                });
        assertThat(termination).succeedsWithin(WAIT)
                .isInstanceOfSatisfying(ExitReason.Other.class, reason -> assertThat(reason.value()).isInstanceOf(RemoteError.class));
    }

    @Test
    void aMonitorOfARemoteProcessDeliversDownAfterTheMessagesItSentBeforeExiting() throws InterruptedException {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        ProcessRef<Object> watcher = inbox(foo, received);
        nodes.scheduler(foo).register("watcher", watcher);
        ProcessRef<Object> worker = nodes.scheduler(bar).spawn(ctx -> {
            ProcessRef<Object> back = ((Ping) ctx.receive()).replyTo();
            for (int n = 0; n < 100; n++) {
                back.send(new Numbered(0, n));
            }
            ctx.exit(ExitReason.shutdown("finished"));
        });
        nodes.scheduler(bar).register("worker", worker);
        ProcessRef<Object> remoteWorker = remote(foo, bar, "worker");

        MonitorRef monitor = foo.monitor(watcher, remoteWorker);
        remoteWorker.send(new Ping("go", watcher));

        for (int n = 0; n < 100; n++) {
            assertThat(received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new Numbered(0, n));
        }
        Object down = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(down).isEqualTo(new Down(monitor, remoteWorker, ExitReason.shutdown("finished")));
        assertThat(remoteWorker.isAlive()).isFalse();
    }

    @Test
    void aDemonitoredRemoteMonitorDeliversNothing() throws InterruptedException {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        ProcessRef<Object> watcher = inbox(foo, received);
        ProcessRef<Object> echo = echoOn(bar, "echo");
        ProcessRef<Object> remoteEcho = remote(foo, bar, "echo");
        MonitorRef monitor = foo.monitor(watcher, remoteEcho);
        remoteEcho.call(new Echo("barrier"), WAIT); // bar has taken the watch: it came first on the same stream

        assertThat(foo.demonitor(monitor)).isTrue();
        nodes.scheduler(bar).exit(echo, ExitReason.KILL);
        assertThat(remoteEcho.termination()).succeedsWithin(WAIT).isEqualTo(ExitReason.KILLED);
        watcher.send("marker");

        assertThat(received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("no Down before the marker").isEqualTo("marker");
    }

    @Test
    void whenANodeLeavesItsWatchesFireWithNoconnectionAndWaitingCallsFailAtOnce() {
        ProcessRef<Object> silent = nodes.scheduler(bar).spawn(ctx -> {
            while (true) {
                ctx.receive(); // takes calls and never answers them
            }
        });
        nodes.scheduler(bar).register("silent", silent);
        ProcessRef<Object> remoteSilent = remote(foo, bar, "silent");
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        foo.monitorNodes(inbox(foo, events));
        CompletableFuture<Object> call = remoteSilent.ask(new Echo("never answered"), Duration.ofMinutes(5));
        CompletableFuture<ExitReason> termination = remoteSilent.termination();

        bar.close();

        assertThat(termination).succeedsWithin(WAIT).isEqualTo(ExitReason.NOCONNECTION);
        assertThat(call).failsWithin(WAIT).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(ProcessExitException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExitReason.NOCONNECTION));
        await().atMost(WAIT).until(() -> events.stream().anyMatch(NodeEvent.NodeDown.class::isInstance));
        assertThat(foo.nodes()).isEmpty();
        assertThat(remoteSilent.isAlive()).isFalse();
    }

    @Test
    void sendsACutOffNodeNeverAcknowledgedBecomeMaybeHandledDeadLetters() {
        echoOn(bar, "echo");
        ProcessRef<Object> remoteEcho = remote(foo, bar, "echo");
        BlockingQueue<RemoteDeadLetter> deadLetters = new LinkedBlockingQueue<>();
        foo.onDeadLetter(deadLetters::add);

        nodes.cutOff(bar);
        for (int n = 0; n < 10; n++) {
            remoteEcho.send(new Numbered(0, n));
        }

        await().atMost(WAIT).until(() -> deadLetters.size() == 10);
        assertThat(deadLetters).extracting(RemoteDeadLetter::cause).containsOnly(RemoteDeadLetter.Cause.MAYBE_HANDLED);
        assertThat(deadLetters).extracting(RemoteDeadLetter::message)
                .containsExactly(java.util.stream.IntStream.range(0, 10).mapToObj(n -> new Numbered(0, n)).toArray());
    }

    @Test
    void aSendToANodeThatIsNotConnectedIsADeadLetterAtOnce() {
        echoOn(bar, "echo");
        ProcessRef<Object> remoteEcho = remote(foo, bar, "echo");
        bar.close();
        await().atMost(WAIT).until(() -> foo.nodes().isEmpty());
        BlockingQueue<RemoteDeadLetter> deadLetters = new LinkedBlockingQueue<>();
        foo.onDeadLetter(deadLetters::add);

        remoteEcho.send(new Echo("too late"));

        assertThat(deadLetters).singleElement().satisfies(letter -> {
            assertThat(letter.cause()).isEqualTo(RemoteDeadLetter.Cause.NO_CONNECTION);
            assertThat(letter.message()).isEqualTo(new Echo("too late"));
        });
    }

    @Test
    void aPidOfAnEarlierIncarnationOfARestartedNodeIsNoproc() throws InterruptedException {
        echoOn(bar, "echo");
        ProcessRef<Object> oldEcho = remote(foo, bar, "echo");
        NodeId oldBar = bar.self();
        bar.close();
        await().atMost(WAIT).until(() -> foo.nodes().isEmpty());

        Cluster newBar = nodes.start("bar");
        await().atMost(WAIT).until(() -> foo.nodes().contains(newBar.self()));

        assertThat(newBar.self().incarnation()).isNotEqualTo(oldBar.incarnation());
        assertThat(oldEcho.isAlive()).isFalse();
        assertThat(oldEcho.termination()).succeedsWithin(WAIT).isEqualTo(ExitReason.NOPROC);
        assertThatThrownBy(() -> oldEcho.call(new Echo("still there?"), WAIT)).isInstanceOf(NoProcessException.class);
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        foo.monitor(inbox(foo, received), oldEcho);
        assertThat(received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOfSatisfying(Down.class,
                down -> assertThat(down.reason()).isEqualTo(ExitReason.NOPROC));
    }

    @Test
    void aMessageTypeOutsideTheAllowListIsRefusedAtTheSenderNamingTheTypeAndTheSetting() {
        echoOn(bar, "echo");
        ProcessRef<Object> echo = remote(foo, bar, "echo");

        assertThatThrownBy(() -> echo.send(new Secret("s3cr3t")))
                .isInstanceOf(MessageNotAllowedException.class)
                .hasMessageContaining(Secret.class.getName())
                .hasMessageContaining("ClusterConfig.builder().allow(Secret.class)");
        assertThatThrownBy(() -> echo.call(new Secret("s3cr3t"), WAIT)).isInstanceOf(MessageNotAllowedException.class);
    }

    @Test
    void aMessageLargerThanTheLimitIsRefusedAtTheSender() {
        Cluster small = nodes.start("small", b -> b.allow(TestMessages.ALLOWED).maxMessageBytes(1024));
        await().atMost(WAIT).until(() -> small.nodes().size() == 2);
        echoOn(bar, "echo");
        ProcessRef<Object> echo = remote(small, bar, "echo");

        assertThatThrownBy(() -> echo.send(new Echo("x".repeat(2000))))
                .isInstanceOf(MessageTooLargeException.class)
                .hasMessageContaining("maxMessageBytes");
    }

    @Test
    void aMessageOfATypeTheReceiverDoesNotAllowIsADeadLetterThereAndNoClassIsLoaded() {
        Cluster open = nodes.start("open", b -> b.allow(TestMessages.ALLOWED).allow(Secret.class));
        await().atMost(WAIT).until(() -> open.nodes().size() == 2);
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        nodes.scheduler(bar).register("sink", inbox(bar, received));
        BlockingQueue<RemoteDeadLetter> deadLetters = new LinkedBlockingQueue<>();
        bar.onDeadLetter(deadLetters::add);

        open.send("bar", "sink", new Secret("s3cr3t"));
        open.send("bar", "sink", new Echo("after"));

        await().atMost(WAIT).until(() -> received.contains(new Echo("after")));
        assertThat(received).containsExactly(new Echo("after"));
        assertThat(deadLetters).singleElement().satisfies(letter -> {
            assertThat(letter.cause()).isEqualTo(RemoteDeadLetter.Cause.UNDECODABLE);
            assertThat(letter.message()).isInstanceOfSatisfying(RemoteDeadLetter.Undecodable.class,
                    undecodable -> assertThat(undecodable.typeName()).isEqualTo(Secret.class.getName()));
        });
    }

    @Test
    void anExitSignalToARemoteProcessArrivesAfterTheMessagesSentBeforeItEvenOnABusyStream() {
        AtomicInteger handled = new AtomicInteger();
        ProcessRef<Object> busy = nodes.scheduler(bar).spawn(ctx -> {
            while (true) {
                if (ctx.receive() instanceof Numbered) {
                    handled.incrementAndGet();
                }
            }
        });
        nodes.scheduler(bar).register("busy", busy);
        AtomicInteger leftInMailbox = new AtomicInteger();
        nodes.scheduler(bar).onDeadLetter(letter -> {
            if (letter.cause() == dev.actorkit.DeadLetter.Cause.SHUTDOWN && letter.message() instanceof Numbered) {
                leftInMailbox.incrementAndGet();
            }
        });
        AtomicInteger arrivedTooLate = new AtomicInteger();
        bar.onDeadLetter(letter -> arrivedTooLate.incrementAndGet());
        ProcessRef<Object> remoteBusy = remote(foo, bar, "busy");
        CompletableFuture<ExitReason> termination = remoteBusy.termination();
        echoOn(bar, "echo");
        remote(foo, bar, "echo").call(new Echo("barrier"), WAIT); // bar has taken the watch: same stream, before

        for (int n = 0; n < 5000; n++) {
            remoteBusy.send(new Numbered(0, n));
        }
        foo.exit(remoteBusy, ExitReason.shutdown("enough"));

        assertThat(termination).succeedsWithin(WAIT).isEqualTo(ExitReason.shutdown("enough"));
        assertThat(busy.isAlive()).isFalse();
        // every message sent before the signal reached the mailbox before it: handled, or left there when it exited
        await().atMost(WAIT).until(() -> handled.get() + leftInMailbox.get() == 5000);
        assertThat(arrivedTooLate).hasValue(0);
    }

    @Test
    void aKillSentToARemoteProcessKillsItEvenWhenItTrapsExits() {
        ProcessRef<Object> trapper = nodes.scheduler(bar).spawn(ctx -> {
            ctx.trapExits(true);
            while (true) {
                ctx.receive();
            }
        });
        nodes.scheduler(bar).register("trapper", trapper);
        ProcessRef<Object> remoteTrapper = remote(foo, bar, "trapper");
        CompletableFuture<ExitReason> termination = remoteTrapper.termination();

        foo.exit(remoteTrapper, ExitReason.KILL);

        assertThat(termination).succeedsWithin(WAIT).isEqualTo(ExitReason.KILLED);
    }

    @Test
    void aMonitorOfAProcessOnANodeThatIsNotConnectedDeliversDownWithNoconnectionAtOnce() throws InterruptedException {
        echoOn(bar, "echo");
        ProcessRef<Object> remoteEcho = remote(foo, bar, "echo");
        bar.close();
        await().atMost(WAIT).until(() -> foo.nodes().isEmpty());
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();

        MonitorRef monitor = foo.monitor(inbox(foo, received), remoteEcho);

        assertThat(received.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isEqualTo(new Down(monitor, remoteEcho, ExitReason.NOCONNECTION));
        assertThat(foo.demonitor(monitor)).as("it has fired").isFalse();
    }

    @Test
    void aDemonitorBeforeTheNodeGoesDownMeansNoDownAndAfterItReportsThatTheMonitorHadFired() throws InterruptedException {
        echoOn(bar, "echo");
        ProcessRef<Object> remoteEcho = remote(foo, bar, "echo");
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        ProcessRef<Object> watcher = inbox(foo, received);
        MonitorRef removedBefore = foo.monitor(watcher, remoteEcho);
        MonitorRef firing = foo.monitor(watcher, remoteEcho);
        assertThat(foo.demonitor(removedBefore)).isTrue();

        bar.close();

        assertThat(received.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isEqualTo(new Down(firing, remoteEcho, ExitReason.NOCONNECTION));
        assertThat(foo.demonitor(firing)).isFalse();
        watcher.send("marker");
        assertThat(received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("only one Down").isEqualTo("marker");
    }

    @Test
    void aReplyOfATypeThatMayNotCrossFailsTheCallWithTheTypesName() {
        ProcessRef<Object> leaky = nodes.scheduler(bar).spawn(ctx -> {
            while (true) {
                if (ctx.receive() instanceof Call call) {
                    call.reply(new Secret("not for the wire"));
                }
            }
        });
        nodes.scheduler(bar).register("leaky", leaky);

        assertThatThrownBy(() -> remote(foo, bar, "leaky").call(new Echo("tell me"), WAIT))
                .isInstanceOf(RemoteCallException.class)
                .hasMessageContaining(Secret.class.getName())
                .hasMessageContaining("allow(");
    }
}
