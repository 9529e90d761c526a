package dev.actorkit.bench;

import dev.actorkit.ExitReason;
import dev.actorkit.ProcessContext;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Savina fork-join create (spawn rate): a creator process spawns {@code PROCESSES} workers and sends each
 * one message; a worker reports (counts down the latch) and stops. The whole life of a short-lived
 * process: spawn, first message, exit. Score: processes per second.
 *
 * <p>The creator is a process on both sides, as Pekko spawns children only from inside an actor.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ForkJoinCreate {

    static final int PROCESSES = 50_000;

    record Work(CountDownLatch done) {
    }

    record Create(int count, Work work) {
    }

    @Process
    static class Creator {
        @Receive
        void on(Create create, ProcessContext ctx) {
            Scheduler scheduler = ctx.scheduler();
            for (int i = 0; i < create.count(); i++) {
                scheduler.spawn(Worker::new).send(create.work());
            }
        }
    }

    @Process
    static class Worker {
        @Receive
        void on(Work work, ProcessContext ctx) {
            work.done().countDown();
            ctx.exit(ExitReason.NORMAL);
        }
    }

    static final Behavior<Work> PEKKO_WORKER = Behaviors.receive((ctx, work) -> {
        work.done().countDown();
        return Behaviors.stopped();
    });

    static final Behavior<Create> PEKKO_CREATOR = Behaviors.receive((ctx, create) -> {
        for (int i = 0; i < create.count(); i++) {
            ctx.spawnAnonymous(PEKKO_WORKER).tell(create.work());
        }
        return Behaviors.same();
    });

    @State(Scope.Benchmark)
    public static class ActorKit extends Systems.ActorKitState {
        ProcessRef<Creator> creator;

        @Override
        protected void spawn() {
            creator = scheduler.spawn(Creator::new);
        }
    }

    @State(Scope.Benchmark)
    public static class Pekko extends Systems.PekkoState {
        ActorRef<Create> creator;

        public Pekko() {
            super("forkjoincreate");
        }

        @Override
        protected void spawn() {
            creator = Systems.spawn(system, PEKKO_CREATOR);
        }
    }

    @Benchmark
    @OperationsPerInvocation(PROCESSES)
    public void forkJoinCreate_actorkit(ActorKit s) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(PROCESSES);
        s.creator.send(new Create(PROCESSES, new Work(done)));
        Systems.await(done);
    }

    @Benchmark
    @OperationsPerInvocation(PROCESSES)
    public void forkJoinCreate_pekko(Pekko s) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(PROCESSES);
        s.creator.tell(new Create(PROCESSES, new Work(done)));
        Systems.await(done);
    }
}
