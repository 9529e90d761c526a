package dev.actorkit.bench;

import dev.actorkit.ProcessContext;
import dev.actorkit.ProcessRef;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractMatchingBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Savina big: {@code PROCESSES} processes each ping a random process (possibly itself) and wait for its
 * pong, {@code PINGS} times; a process reports when it has had all its pongs. Many-to-many traffic with
 * many processes runnable at once. Score: messages (pings and pongs) per second.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Big {

    static final int PROCESSES = 100;
    static final int PINGS = 1_000;
    static final int MESSAGES = 2 * PROCESSES * PINGS;

    // Generic over the ref type R so that both implementations share the messages.

    sealed interface BigMessage {
    }

    record Neighbours<R>(R[] all) implements BigMessage {
    }

    record Start(int pings, CountDownLatch done) implements BigMessage {
    }

    record Ping<R>(R from) implements BigMessage {
    }

    enum Pong implements BigMessage {
        INSTANCE
    }

    /** A process's logic, the same for both sides; {@code R} is the ref type. */
    abstract static class Player<R> {
        private final SplittableRandom random;
        private R[] neighbours;
        private int left;
        private CountDownLatch done;

        Player(int seed) {
            random = new SplittableRandom(seed);
        }

        abstract void tell(R to, BigMessage message);

        abstract R self();

        void neighbours(Neighbours<R> message) {
            neighbours = message.all();
        }

        void start(Start start) {
            left = start.pings();
            done = start.done();
            pingSomeone();
        }

        void ping(Ping<R> ping) {
            tell(ping.from(), Pong.INSTANCE);
        }

        void pong() {
            if (--left == 0) {
                done.countDown();
            } else {
                pingSomeone();
            }
        }

        private void pingSomeone() {
            tell(neighbours[random.nextInt(neighbours.length)], new Ping<>(self()));
        }
    }

    @Process
    static class BigProcess extends Player<ProcessRef<?>> {
        private ProcessRef<?> self;

        BigProcess(int seed) {
            super(seed);
        }

        @Override
        void tell(ProcessRef<?> to, BigMessage message) {
            to.send(message);
        }

        @Override
        ProcessRef<?> self() {
            return self;
        }

        @Receive
        void on(Neighbours<ProcessRef<?>> message, ProcessContext ctx) {
            self = ctx.self();
            neighbours(message);
        }

        @Receive
        void on(Start message) {
            start(message);
        }

        @Receive
        void on(Ping<ProcessRef<?>> message) {
            ping(message);
        }

        @Receive
        void on(Pong message) {
            pong();
        }
    }

    static final class PekkoBig extends AbstractMatchingBehavior<BigMessage> {
        private final Player<ActorRef<BigMessage>> player;

        PekkoBig(ActorContext<BigMessage> context, int seed) {
            super(context);
            ActorRef<BigMessage> self = context.getSelf();
            player = new Player<>(seed) {
                @Override
                void tell(ActorRef<BigMessage> to, BigMessage message) {
                    to.tell(message);
                }

                @Override
                ActorRef<BigMessage> self() {
                    return self;
                }
            };
        }

        @Override
        @SuppressWarnings("unchecked")
        public Behavior<BigMessage> onMessage(BigMessage message) {
            switch (message) {
                case Pong pong -> player.pong();
                case Ping<?> ping -> player.ping((Ping<ActorRef<BigMessage>>) ping);
                case Start start -> player.start(start);
                case Neighbours<?> neighbours -> player.neighbours((Neighbours<ActorRef<BigMessage>>) neighbours);
            }
            return this;
        }
    }

    @State(Scope.Benchmark)
    public static class ActorKit extends Systems.ActorKitState {
        ProcessRef<?>[] processes = new ProcessRef<?>[PROCESSES];

        @Override
        protected void spawn() {
            for (int i = 0; i < PROCESSES; i++) {
                int seed = i;
                processes[i] = scheduler.spawn(() -> new BigProcess(seed));
            }
            // Every Start (and so every ping) is sent after all the Neighbours, from this thread.
            Neighbours<ProcessRef<?>> all = new Neighbours<>(processes.clone());
            for (ProcessRef<?> process : processes) {
                process.send(all);
            }
        }
    }

    @State(Scope.Benchmark)
    public static class Pekko extends Systems.PekkoState {
        ActorRef<BigMessage>[] processes = Systems.refs(PROCESSES);

        public Pekko() {
            super("big");
        }

        @Override
        protected void spawn() {
            for (int i = 0; i < PROCESSES; i++) {
                int seed = i;
                processes[i] = Systems.spawn(system, Behaviors.setup(ctx -> new PekkoBig(ctx, seed)));
            }
            Neighbours<ActorRef<BigMessage>> all = new Neighbours<>(processes.clone());
            for (ActorRef<BigMessage> process : processes) {
                process.tell(all);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void big_actorkit(ActorKit s) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(PROCESSES);
        Start start = new Start(PINGS, done);
        for (ProcessRef<?> process : s.processes) {
            process.send(start);
        }
        Systems.await(done);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void big_pekko(Pekko s) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(PROCESSES);
        Start start = new Start(PINGS, done);
        for (ActorRef<BigMessage> process : s.processes) {
            process.tell(start);
        }
        Systems.await(done);
    }
}
