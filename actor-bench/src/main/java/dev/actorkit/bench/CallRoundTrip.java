package dev.actorkit.bench;

import dev.actorkit.ProcessRef;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
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
 * Request-reply from a plain thread (a web request thread, say) to a process: ActorKit's blocking
 * {@code ref.call(request)} against Pekko's {@code AskPattern.ask(...).toCompletableFuture().get()}. The
 * process answers at once, so this is the cost of the round trip itself: the temporary reply address, two
 * hand-offs between threads, and waking the caller. Throughput (calls per second, one caller) and
 * SampleTime (median and p99 latency).
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CallRoundTrip {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    record Request(int value) {
    }

    record PekkoRequest(Request request, ActorRef<Request> replyTo) {
    }

    @Process
    static class Echo {
        @Receive
        Request on(Request request) {
            return request;
        }
    }

    static final Behavior<PekkoRequest> PEKKO_ECHO = Behaviors.receive((ctx, ask) -> {
        ask.replyTo().tell(ask.request());
        return Behaviors.same();
    });

    @State(Scope.Benchmark)
    public static class ActorKit extends Systems.ActorKitState {
        ProcessRef<Echo> echo;
        final Request request = new Request(42);

        @Override
        protected void spawn() {
            echo = scheduler.spawn(Echo::new);
        }
    }

    @State(Scope.Benchmark)
    public static class Pekko extends Systems.PekkoState {
        ActorRef<PekkoRequest> echo;
        final Request request = new Request(42);

        public Pekko() {
            super("call");
        }

        @Override
        protected void spawn() {
            echo = Systems.spawn(system, PEKKO_ECHO);
        }
    }

    @Benchmark
    public Request call_actorkit(ActorKit s) {
        return s.echo.call(s.request);
    }

    @Benchmark
    public Request call_pekko(Pekko s) throws InterruptedException, ExecutionException {
        Request request = s.request;
        return AskPattern.<PekkoRequest, Request>ask(s.echo, replyTo -> new PekkoRequest(request, replyTo), TIMEOUT,
                        s.system.scheduler())
                .toCompletableFuture().get();
    }
}
