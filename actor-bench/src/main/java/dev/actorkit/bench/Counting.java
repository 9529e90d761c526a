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
 * Counting, fed by several producers (Savina "count" with four senders): four sender processes each send
 * {@code PER_SENDER} messages as fast as they can to one counter, which finishes the operation when it has
 * counted all of them. Measures a contended mailbox: many producers, one consumer that must keep up.
 * Score: messages per second.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Counting {

    static final int SENDERS = 4;
    static final int PER_SENDER = 50_000;
    static final int MESSAGES = SENDERS * PER_SENDER;

    /** What the counter receives. */
    sealed interface CounterMessage {
    }

    /** Starts a round: count to {@code total}, then count down {@code done}. */
    record Expect(int total, CountDownLatch done) implements CounterMessage {
    }

    /** One message to count; one shared instance, so the message costs nothing to make on either side. */
    static final class Inc implements CounterMessage {
        static final Inc INSTANCE = new Inc();
    }

    record Go(ProcessRef<?> counter) {
    }

    record PekkoGo(ActorRef<CounterMessage> counter) {
    }

    @Process
    static class Counter {
        private int count;
        private int expected;
        private CountDownLatch done;

        @Receive
        void on(Expect expect) {
            count = 0;
            expected = expect.total();
            done = expect.done();
        }

        @Receive
        void on(Inc inc) {
            if (++count == expected) {
                done.countDown();
            }
        }
    }

    @Process
    static class Sender {
        @Receive
        void on(Go go) {
            ProcessRef<?> counter = go.counter();
            for (int i = 0; i < PER_SENDER; i++) {
                counter.send(Inc.INSTANCE);
            }
        }
    }

    static final class PekkoCounter extends AbstractMatchingBehavior<CounterMessage> {
        private int count;
        private int expected;
        private CountDownLatch done;

        PekkoCounter(ActorContext<CounterMessage> context) {
            super(context);
        }

        @Override
        public Behavior<CounterMessage> onMessage(CounterMessage message) {
            if (message instanceof Inc) {
                if (++count == expected) {
                    done.countDown();
                }
            } else if (message instanceof Expect expect) {
                count = 0;
                expected = expect.total();
                done = expect.done();
            }
            return this;
        }
    }

    static final Behavior<PekkoGo> PEKKO_SENDER = Behaviors.receive((ctx, go) -> {
        ActorRef<CounterMessage> counter = go.counter();
        for (int i = 0; i < PER_SENDER; i++) {
            counter.tell(Inc.INSTANCE);
        }
        return Behaviors.same();
    });

    @State(Scope.Benchmark)
    public static class ActorKit extends Systems.ActorKitState {
        ProcessRef<Counter> counter;
        ProcessRef<?>[] senders = new ProcessRef<?>[SENDERS];

        @Override
        protected void spawn() {
            counter = scheduler.spawn(Counter::new);
            for (int i = 0; i < SENDERS; i++) {
                senders[i] = scheduler.spawn(Sender::new);
            }
        }
    }

    @State(Scope.Benchmark)
    public static class Pekko extends Systems.PekkoState {
        ActorRef<CounterMessage> counter;
        ActorRef<PekkoGo>[] senders = Systems.refs(SENDERS);

        public Pekko() {
            super("counting");
        }

        @Override
        protected void spawn() {
            counter = Systems.spawn(system, Behaviors.setup(PekkoCounter::new));
            for (int i = 0; i < SENDERS; i++) {
                senders[i] = Systems.spawn(system, PEKKO_SENDER);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void counting_actorkit(ActorKit s) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        // The counter gets Expect before any Inc: the senders send only after they get Go, sent after this.
        s.counter.send(new Expect(MESSAGES, done));
        Go go = new Go(s.counter);
        for (ProcessRef<?> sender : s.senders) {
            sender.send(go);
        }
        Systems.await(done);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void counting_pekko(Pekko s) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        s.counter.tell(new Expect(MESSAGES, done));
        PekkoGo go = new PekkoGo(s.counter);
        for (ActorRef<PekkoGo> sender : s.senders) {
            sender.tell(go);
        }
        Systems.await(done);
    }
}
