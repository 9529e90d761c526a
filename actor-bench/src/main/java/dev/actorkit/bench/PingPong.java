package dev.actorkit.bench;

import dev.actorkit.ObservedProcess;
import dev.actorkit.ProcessContext;
import dev.actorkit.ProcessObserver;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.SchedulerConfig;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Savina ping-pong: pairs of processes bounce a ball back and forth, each pair on its own; every pair
 * carries {@code MESSAGES / pairs} messages per operation. One pair measures the latency of one hand-off
 * (nothing runs in parallel); eight pairs measure how the scheduler spreads independent work over the
 * cores. Score: messages per second. The blocking-style variant plays the same game with two
 * {@code ctx.receive()} loops on virtual threads.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PingPong {

    static final int MESSAGES = 200_000;

    /** The ball: how many more deliveries it makes after this one, who threw it, and whom to tell at the end. */
    record Ball(int left, ProcessRef<?> from, CountDownLatch done) {
    }

    record PekkoBall(int left, ActorRef<PekkoBall> from, CountDownLatch done) {
    }

    @Process
    static class Player {
        @Receive
        void on(Ball ball, ProcessContext ctx) {
            if (ball.left() == 0) {
                ball.done().countDown();
            } else {
                ball.from().send(new Ball(ball.left() - 1, ctx.self(), ball.done()));
            }
        }
    }

    static final Behavior<PekkoBall> PEKKO_PLAYER = Behaviors.receive((ctx, ball) -> {
        if (ball.left() == 0) {
            ball.done().countDown();
        } else {
            ball.from().tell(new PekkoBall(ball.left() - 1, ctx.getSelf(), ball.done()));
        }
        return Behaviors.same();
    });

    @State(Scope.Benchmark)
    public static class ActorKit extends Systems.ActorKitState {
        @Param({"1", "8"})
        int pairs;
        ProcessRef<?>[] pings;
        ProcessRef<?>[] pongs;

        @Override
        protected void spawn() {
            pings = new ProcessRef<?>[pairs];
            pongs = new ProcessRef<?>[pairs];
            for (int i = 0; i < pairs; i++) {
                pings[i] = spawnPlayer();
                pongs[i] = spawnPlayer();
            }
        }

        ProcessRef<?> spawnPlayer() {
            return scheduler.spawn(Player::new);
        }
    }

    /** The same pairs, playing with {@link #blockingPlayer} instead of {@link Player}. */
    @State(Scope.Benchmark)
    public static class ActorKitBlocking extends ActorKit {
        @Override
        ProcessRef<?> spawnPlayer() {
            return scheduler.spawn(PingPong::blockingPlayer);
        }
    }

    /**
     * The same pairs on a scheduler with an observer that does what the starter's do: time each message
     * into a counter, and set a thread-local (as the logging MDC) once per activation. What observing costs.
     */
    @State(Scope.Benchmark)
    public static class ActorKitObserved extends ActorKit {
        @Override
        protected Scheduler createScheduler() {
            return Scheduler.create(SchedulerConfig.defaults().withObserver(new TimingObserver()));
        }
    }

    static final class TimingObserver implements ProcessObserver {
        private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();
        private final LongAdder handled = new LongAdder();
        private final LongAdder nanos = new LongAdder();

        @Override
        public void messageHandled(ObservedProcess process, Class<?> messageType, long took, boolean crashed) {
            handled.increment();
            nanos.add(took);
        }

        @Override
        public ProcessObserver.Scope enter(ObservedProcess process) {
            CURRENT.set(process.label());
            return CURRENT::remove;
        }
    }

    static void blockingPlayer(ProcessContext ctx) {
        ProcessRef<Object> self = ctx.self();
        while (true) {
            Ball ball = (Ball) ctx.receive();
            if (ball.left() == 0) {
                ball.done().countDown();
            } else {
                ball.from().send(new Ball(ball.left() - 1, self, ball.done()));
            }
        }
    }

    @State(Scope.Benchmark)
    public static class Pekko extends Systems.PekkoState {
        @Param({"1", "8"})
        int pairs;
        ActorRef<PekkoBall>[] pings;
        ActorRef<PekkoBall>[] pongs;

        public Pekko() {
            super("pingpong");
        }

        @Override
        protected void spawn() {
            pings = Systems.refs(pairs);
            pongs = Systems.refs(pairs);
            for (int i = 0; i < pairs; i++) {
                pings[i] = Systems.spawn(system, PEKKO_PLAYER);
                pongs[i] = Systems.spawn(system, PEKKO_PLAYER);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void pingPong_actorkit(ActorKit s) throws InterruptedException {
        play(s.scheduler, s.pings, s.pongs);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void pingPongBlocking_actorkit(ActorKitBlocking s) throws InterruptedException {
        play(s.scheduler, s.pings, s.pongs);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void pingPongObserved_actorkit(ActorKitObserved s) throws InterruptedException {
        play(s.scheduler, s.pings, s.pongs);
    }

    private static void play(Scheduler scheduler, ProcessRef<?>[] pings, ProcessRef<?>[] pongs)
            throws InterruptedException {
        CountDownLatch done = new CountDownLatch(pings.length);
        int perPair = MESSAGES / pings.length;
        for (int i = 0; i < pings.length; i++) {
            pings[i].send(new Ball(perPair - 1, pongs[i], done));
        }
        Systems.await(done, () -> Systems.describe(scheduler, pings) + "; " + Systems.describe(scheduler, pongs));
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void pingPong_pekko(Pekko s) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(s.pairs);
        int perPair = MESSAGES / s.pairs;
        for (int i = 0; i < s.pairs; i++) {
            s.pings[i].tell(new PekkoBall(perPair - 1, s.pongs[i], done));
        }
        Systems.await(done);
    }
}
