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
 * Savina thread ring: {@code NODES} processes in a ring pass one token {@code HOPS} times. Only one
 * process is ever runnable, and each hop wakes a different one: the cost of scheduling a process that has
 * just become runnable. Score: hops per second.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ThreadRing {

    static final int NODES = 100;
    static final int HOPS = 100_000;

    sealed interface NodeMessage {
    }

    /** Points a node at the next one in the ring; generic so both sides share it. */
    record Next<R>(R next) implements NodeMessage {
    }

    /** The token: hops still to make after this delivery, and whom to tell at the end. */
    record Token(int left, CountDownLatch done) implements NodeMessage {
    }

    @Process
    static class Node {
        private ProcessRef<?> next;

        @Receive
        void on(Next<ProcessRef<?>> message) {
            next = message.next();
        }

        @Receive
        void on(Token token) {
            if (token.left() == 0) {
                token.done().countDown();
            } else {
                next.send(new Token(token.left() - 1, token.done()));
            }
        }
    }

    static final class PekkoNode extends AbstractMatchingBehavior<NodeMessage> {
        private ActorRef<NodeMessage> next;

        PekkoNode(ActorContext<NodeMessage> context) {
            super(context);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Behavior<NodeMessage> onMessage(NodeMessage message) {
            if (message instanceof Token token) {
                if (token.left() == 0) {
                    token.done().countDown();
                } else {
                    next.tell(new Token(token.left() - 1, token.done()));
                }
            } else if (message instanceof Next<?> link) {
                next = (ActorRef<NodeMessage>) link.next();
            }
            return this;
        }
    }

    @State(Scope.Benchmark)
    public static class ActorKit extends Systems.ActorKitState {
        ProcessRef<?>[] ring = new ProcessRef<?>[NODES];

        @Override
        protected void spawn() {
            for (int i = 0; i < NODES; i++) {
                ring[i] = scheduler.spawn(Node::new);
            }
            // The token, sent later from this thread, reaches every node after its Next.
            for (int i = 0; i < NODES; i++) {
                ring[i].send(new Next<>(ring[(i + 1) % NODES]));
            }
        }
    }

    @State(Scope.Benchmark)
    public static class Pekko extends Systems.PekkoState {
        ActorRef<NodeMessage>[] ring = Systems.refs(NODES);

        public Pekko() {
            super("threadring");
        }

        @Override
        protected void spawn() {
            for (int i = 0; i < NODES; i++) {
                ring[i] = Systems.spawn(system, Behaviors.setup(PekkoNode::new));
            }
            for (int i = 0; i < NODES; i++) {
                ring[i].tell(new Next<>(ring[(i + 1) % NODES]));
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(HOPS)
    public void threadRing_actorkit(ActorKit s) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        s.ring[0].send(new Token(HOPS - 1, done));
        Systems.await(done);
    }

    @Benchmark
    @OperationsPerInvocation(HOPS)
    public void threadRing_pekko(Pekko s) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        s.ring[0].tell(new Token(HOPS - 1, done));
        Systems.await(done);
    }
}
