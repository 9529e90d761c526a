package dev.actorkit.bench;

import dev.actorkit.ProcessRef;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fairness: while every worker thread runs a busy process (one per core, each always has work: every
 * message it handles sends the next one to itself), how long does a message sent from outside the
 * runtime (here, the benchmark thread, as an HTTP thread would) take to reach an idle process and be
 * answered? Sampled, so the table shows the median and the 99th percentile. A runtime that lets busy
 * processes starve the others never answers; this benchmark then fails after {@link #STARVED}, saying so.
 * (Pekko, on a fork-join dispatcher as large as the machine, starves so on JDK 21+: a busy actor is
 * re-submitted to its worker's own queue, which that worker drains before it looks at anything else.)
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Fairness {

    /** How long an outside message may go unanswered before the runtime is called starved. */
    static final long STARVED_SECONDS = 10;
    static final String STARVED = STARVED_SECONDS + " s";

    /** What a busy process sends itself, again and again. */
    static final class Spin {
        static final Spin INSTANCE = new Spin();
    }

    /** The outside message: the idle process counts down its latch. */
    record Ping(CountDownLatch answered) {
    }

    @Process
    static class Busy {
        @Receive
        void on(Spin spin) {
            dev.actorkit.ProcessContext.current().self().send(spin);
        }
    }

    @Process
    static class Idle {
        @Receive
        void on(Ping ping) {
            ping.answered().countDown();
        }
    }

    static final Behavior<Spin> PEKKO_BUSY = Behaviors.receive((context, spin) -> {
        context.getSelf().tell(spin);
        return Behaviors.same();
    });

    static final Behavior<Ping> PEKKO_IDLE = Behaviors.receive((context, ping) -> {
        ping.answered().countDown();
        return Behaviors.same();
    });

    @State(Scope.Benchmark)
    public static class ActorKit extends Systems.ActorKitState {
        ProcessRef<Idle> idle;

        @Override
        protected void spawn() {
            for (int i = 0; i < Systems.cores(); i++) {
                scheduler.spawn(Busy::new).send(Spin.INSTANCE);
            }
            idle = scheduler.spawn(Idle::new);
        }
    }

    @State(Scope.Benchmark)
    public static class Pekko extends Systems.PekkoState {
        ActorRef<Ping> idle;

        public Pekko() {
            super("fairness");
        }

        @Override
        protected void spawn() {
            for (int i = 0; i < Systems.cores(); i++) {
                Systems.spawn(system, PEKKO_BUSY).tell(Spin.INSTANCE);
            }
            idle = Systems.spawn(system, PEKKO_IDLE);
        }
    }

    @Benchmark
    public void fairness_actorkit(ActorKit s) throws InterruptedException {
        CountDownLatch answered = new CountDownLatch(1);
        s.idle.send(new Ping(answered));
        awaitAnswer(answered, "ActorKit");
    }

    @Benchmark
    public void fairness_pekko(Pekko s) throws InterruptedException {
        CountDownLatch answered = new CountDownLatch(1);
        s.idle.tell(new Ping(answered));
        awaitAnswer(answered, "Pekko");
    }

    private static void awaitAnswer(CountDownLatch answered, String runtime) throws InterruptedException {
        if (!answered.await(STARVED_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException(runtime + " starved the idle process: a message sent from outside while every"
                    + " worker ran a busy process was not handled within " + STARVED);
        }
    }
}
