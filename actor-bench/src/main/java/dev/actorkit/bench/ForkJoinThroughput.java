package dev.actorkit.bench;

import dev.actorkit.ProcessRef;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
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
 * Savina fork-join throughput: the benchmark thread sends {@code PER_WORKER} messages to each of
 * {@code WORKERS} processes, round robin; every message costs a small computation ({@code sin²θ}); each
 * worker reports when it has handled all of its messages. Many busy processes sharing the cores, fed from
 * outside. Score: messages per second.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ForkJoinThroughput {

    static final int WORKERS = 60;
    static final int PER_WORKER = 5_000;
    static final int MESSAGES = WORKERS * PER_WORKER;

    sealed interface WorkerMessage {
    }

    /** Starts a round: handle {@code messages}, then count down {@code done}. */
    record Start(int messages, CountDownLatch done) implements WorkerMessage {
    }

    /** One unit of work; one shared instance. */
    static final class Job implements WorkerMessage {
        static final Job INSTANCE = new Job();
    }

    /** Savina's per-message work; the check keeps the JIT from dropping it. */
    static void compute(double theta) {
        double sin = Math.sin(theta);
        double result = sin * sin;
        if (result <= 0) {
            throw new IllegalStateException("unexpected result " + result);
        }
    }

    @Process
    static class Worker {
        private double theta = 37.2;
        private int left;
        private CountDownLatch done;

        @Receive
        void on(Start start) {
            left = start.messages();
            done = start.done();
        }

        @Receive
        void on(Job job) {
            compute(theta);
            if (--left == 0) {
                done.countDown();
            }
        }
    }

    static final class PekkoWorker extends AbstractMatchingBehavior<WorkerMessage> {
        private double theta = 37.2;
        private int left;
        private CountDownLatch done;

        PekkoWorker(ActorContext<WorkerMessage> context) {
            super(context);
        }

        @Override
        public Behavior<WorkerMessage> onMessage(WorkerMessage message) {
            if (message instanceof Job) {
                compute(theta);
                if (--left == 0) {
                    done.countDown();
                }
            } else if (message instanceof Start start) {
                left = start.messages();
                done = start.done();
            }
            return this;
        }
    }

    @State(Scope.Benchmark)
    public static class ActorKit extends Systems.ActorKitState {
        ProcessRef<?>[] workers = new ProcessRef<?>[WORKERS];

        @Override
        protected void spawn() {
            for (int i = 0; i < WORKERS; i++) {
                workers[i] = scheduler.spawn(Worker::new);
            }
        }
    }

    @State(Scope.Benchmark)
    public static class Pekko extends Systems.PekkoState {
        ActorRef<WorkerMessage>[] workers = Systems.refs(WORKERS);

        public Pekko() {
            super("forkjointhroughput");
        }

        @Override
        protected void spawn() {
            for (int i = 0; i < WORKERS; i++) {
                workers[i] = Systems.spawn(system, Behaviors.setup(PekkoWorker::new));
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void forkJoinThroughput_actorkit(ActorKit s) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(WORKERS);
        Start start = new Start(PER_WORKER, done);
        for (ProcessRef<?> worker : s.workers) {
            worker.send(start);
        }
        for (int m = 0; m < PER_WORKER; m++) {
            for (ProcessRef<?> worker : s.workers) {
                worker.send(Job.INSTANCE);
            }
        }
        Systems.await(done);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void forkJoinThroughput_pekko(Pekko s) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(WORKERS);
        Start start = new Start(PER_WORKER, done);
        for (ActorRef<WorkerMessage> worker : s.workers) {
            worker.tell(start);
        }
        for (int m = 0; m < PER_WORKER; m++) {
            for (ActorRef<WorkerMessage> worker : s.workers) {
                worker.tell(Job.INSTANCE);
            }
        }
        Systems.await(done);
    }
}
