package dev.actorkit.bench;

import dev.actorkit.ProcessContext;
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
 * Savina chameneos: {@code CHAMENEOS} creatures ask one mall to meet; the mall pairs them two by two, the
 * pair exchange colours, and both ask again, until {@code MEETINGS} meetings have happened; then the mall
 * tells each to stop, and each reports that it has faded. One hot process (the mall) that every other
 * talks to, plus direct peer-to-peer messages. Four messages per meeting. Score: meetings per second.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Chameneos {

    static final int CHAMENEOS = 100;
    static final int MEETINGS = 100_000;

    enum Colour {
        BLUE, RED, YELLOW;

        /** The colour two chameneos both take after they meet. */
        Colour complement(Colour other) {
            if (this == other) {
                return this;
            }
            for (Colour colour : values()) {
                if (colour != this && colour != other) {
                    return colour;
                }
            }
            throw new AssertionError();
        }
    }

    // Generic over the ref type R so that both implementations share the messages.

    sealed interface MallMessage {
    }

    /** Starts a round of {@code meetings}; {@code done} counts down when every chameneo has faded. */
    record Open(int meetings, CountDownLatch done) implements MallMessage {
    }

    record Request<R>(Colour colour, R from) implements MallMessage {
    }

    enum Faded implements MallMessage {
        INSTANCE
    }

    sealed interface ChameneoMessage {
    }

    enum Go implements ChameneoMessage {
        INSTANCE
    }

    /** From the mall: meet {@code other}, of colour {@code colour}. */
    record Pair<R>(Colour colour, R other) implements ChameneoMessage {
    }

    /** From the partner: take this colour. */
    record Change(Colour colour) implements ChameneoMessage {
    }

    enum Stop implements ChameneoMessage {
        INSTANCE
    }

    /** The mall's logic, the same for both sides; {@code R} is the ref type. */
    abstract static class MallLogic<R> {
        private int meetingsLeft;
        private int faded;
        private CountDownLatch done;
        private Request<R> waiting;

        abstract void tell(R to, ChameneoMessage message);

        void open(Open open) {
            meetingsLeft = open.meetings();
            faded = 0;
            done = open.done();
            waiting = null;
        }

        void request(Request<R> request) {
            if (meetingsLeft == 0) {
                tell(request.from(), Stop.INSTANCE);
            } else if (waiting == null) {
                waiting = request;
            } else {
                meetingsLeft--;
                tell(waiting.from(), new Pair<>(request.colour(), request.from()));
                waiting = null;
            }
        }

        void faded() {
            if (++faded == CHAMENEOS) {
                done.countDown();
            }
        }
    }

    @Process
    static class Mall extends MallLogic<ProcessRef<?>> {
        @Override
        void tell(ProcessRef<?> to, ChameneoMessage message) {
            to.send(message);
        }

        @Receive
        void on(Open message) {
            open(message);
        }

        @Receive
        void on(Request<ProcessRef<?>> message) {
            request(message);
        }

        @Receive
        void on(Faded message) {
            faded();
        }
    }

    @Process
    static class Chameneo {
        private final ProcessRef<?> mall;
        private Colour colour;

        Chameneo(ProcessRef<?> mall, Colour colour) {
            this.mall = mall;
            this.colour = colour;
        }

        @Receive
        void on(Go go, ProcessContext ctx) {
            mall.send(new Request<>(colour, ctx.self()));
        }

        @Receive
        void on(Pair<ProcessRef<?>> pair, ProcessContext ctx) {
            colour = colour.complement(pair.colour());
            pair.other().send(new Change(colour));
            mall.send(new Request<>(colour, ctx.self()));
        }

        @Receive
        void on(Change change, ProcessContext ctx) {
            colour = change.colour();
            mall.send(new Request<>(colour, ctx.self()));
        }

        @Receive
        void on(Stop stop) {
            mall.send(Faded.INSTANCE);
        }
    }

    static final class PekkoMall extends AbstractMatchingBehavior<MallMessage> {
        private final MallLogic<ActorRef<ChameneoMessage>> logic = new MallLogic<>() {
            @Override
            void tell(ActorRef<ChameneoMessage> to, ChameneoMessage message) {
                to.tell(message);
            }
        };

        PekkoMall(ActorContext<MallMessage> context) {
            super(context);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Behavior<MallMessage> onMessage(MallMessage message) {
            switch (message) {
                case Request<?> request -> logic.request((Request<ActorRef<ChameneoMessage>>) request);
                case Faded faded -> logic.faded();
                case Open open -> logic.open(open);
            }
            return this;
        }
    }

    static final class PekkoChameneo extends AbstractMatchingBehavior<ChameneoMessage> {
        private final ActorRef<MallMessage> mall;
        private final ActorRef<ChameneoMessage> self;
        private Colour colour;

        PekkoChameneo(ActorContext<ChameneoMessage> context, ActorRef<MallMessage> mall, Colour colour) {
            super(context);
            this.mall = mall;
            this.self = context.getSelf();
            this.colour = colour;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Behavior<ChameneoMessage> onMessage(ChameneoMessage message) {
            switch (message) {
                case Pair<?> pair -> {
                    colour = colour.complement(pair.colour());
                    ((ActorRef<ChameneoMessage>) pair.other()).tell(new Change(colour));
                    mall.tell(new Request<>(colour, self));
                }
                case Change change -> {
                    colour = change.colour();
                    mall.tell(new Request<>(colour, self));
                }
                case Go go -> mall.tell(new Request<>(colour, self));
                case Stop stop -> mall.tell(Faded.INSTANCE);
            }
            return this;
        }
    }

    static Colour initialColour(int index) {
        return Colour.values()[index % Colour.values().length];
    }

    @State(Scope.Benchmark)
    public static class ActorKit extends Systems.ActorKitState {
        ProcessRef<Mall> mall;
        ProcessRef<?>[] chameneos = new ProcessRef<?>[CHAMENEOS];

        @Override
        protected void spawn() {
            mall = scheduler.spawn(Mall::new);
            for (int i = 0; i < CHAMENEOS; i++) {
                Colour colour = initialColour(i);
                chameneos[i] = scheduler.spawn(() -> new Chameneo(mall, colour));
            }
        }
    }

    @State(Scope.Benchmark)
    public static class Pekko extends Systems.PekkoState {
        ActorRef<MallMessage> mall;
        ActorRef<ChameneoMessage>[] chameneos = Systems.refs(CHAMENEOS);

        public Pekko() {
            super("chameneos");
        }

        @Override
        protected void spawn() {
            mall = Systems.spawn(system, Behaviors.setup(PekkoMall::new));
            for (int i = 0; i < CHAMENEOS; i++) {
                Colour colour = initialColour(i);
                chameneos[i] = Systems.spawn(system, Behaviors.setup(ctx -> new PekkoChameneo(ctx, mall, colour)));
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(MEETINGS)
    public void chameneos_actorkit(ActorKit s) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        // The mall opens before any request: the chameneos ask only after Go, sent after this.
        s.mall.send(new Open(MEETINGS, done));
        for (ProcessRef<?> chameneo : s.chameneos) {
            chameneo.send(Go.INSTANCE);
        }
        Systems.await(done);
    }

    @Benchmark
    @OperationsPerInvocation(MEETINGS)
    public void chameneos_pekko(Pekko s) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        s.mall.tell(new Open(MEETINGS, done));
        for (ActorRef<ChameneoMessage> chameneo : s.chameneos) {
            chameneo.tell(Go.INSTANCE);
        }
        Systems.await(done);
    }
}
