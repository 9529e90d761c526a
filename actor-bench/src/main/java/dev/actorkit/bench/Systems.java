package dev.actorkit.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.SchedulerConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Creates and stops the two runtimes the same way for every workload.
 *
 * <p>Both get one thread per core for actors: ActorKit's default, and Pekko's default dispatcher pinned to
 * the same size (its stock setting is at least 8 threads). Everything else is each library's default,
 * notably the messages handled per activation: 64 for ActorKit, 5 for Pekko. Set
 * {@code -Dbench.pekko.stock=true} to run Pekko with its stock dispatcher instead.
 */
final class Systems {

    /** How long a benchmark waits for a workload to finish before it calls the run broken. */
    static final Duration DEADLINE = Duration.ofSeconds(60);

    private static final AtomicInteger NAMES = new AtomicInteger();

    private Systems() {
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    static Scheduler actorKit() {
        return Scheduler.create(SchedulerConfig.defaults());
    }

    static void close(Scheduler scheduler) {
        scheduler.close();
    }

    static ActorSystem<Void> pekko(String name) {
        return ActorSystem.create(Behaviors.empty(), name, pekkoConfig());
    }

    static Config pekkoConfig() {
        String dispatcher = Boolean.getBoolean("bench.pekko.stock") ? "" : """
                pekko.actor.default-dispatcher.fork-join-executor {
                  parallelism-min = %d
                  parallelism-max = %d
                }
                """.formatted(cores(), cores());
        return ConfigFactory.parseString(dispatcher + """
                pekko.loglevel = WARNING
                pekko.log-dead-letters = off
                pekko.log-dead-letters-during-shutdown = off
                pekko.jvm-exit-on-fatal-error = off
                # stopping a million idle actors (IdleMemory) takes longer than the default 10 s
                pekko.coordinated-shutdown.phases.actor-system-terminate.timeout = 60s
                """).withFallback(ConfigFactory.load());
    }

    /** Starts a top-level actor from outside the system (setup only: it is not a fast path). */
    static <T> ActorRef<T> spawn(ActorSystem<?> system, Behavior<T> behavior) {
        return system.systemActorOf(behavior, "bench-" + NAMES.incrementAndGet(), Props.empty());
    }

    /** An array for {@code n} typed refs (Java cannot create a generic array directly). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T> ActorRef<T>[] refs(int n) {
        return new ActorRef[n];
    }

    static void close(ActorSystem<?> system) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Pekko system " + system.name() + " did not terminate", e);
        }
    }

    /** Waits for the workload to count down {@code done}; a workload that never finishes is a bug, not a result. */
    static void await(CountDownLatch done) throws InterruptedException {
        await(done, () -> "");
    }

    /** {@link #await(CountDownLatch)}, saying what {@code state} describes if the workload is stuck. */
    static void await(CountDownLatch done, Supplier<String> state) throws InterruptedException {
        if (!done.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("workload did not finish within " + DEADLINE + " (" + done.getCount()
                    + " still to count down): a message was lost or a process is stuck. " + state.get());
        }
    }

    /** The state of ActorKit processes, for the message of a stuck workload. */
    static String describe(Scheduler scheduler, ProcessRef<?>... processes) {
        return Arrays.stream(processes)
                .map(process -> process.pid() + ": " + scheduler.info(process).map(info -> info.status()
                        + ", mailbox " + info.mailboxSize() + ", handled " + info.messagesHandled()).orElse("exited"))
                .collect(Collectors.joining("; ", "Processes: ", ""));
    }

    /**
     * A benchmark's ActorKit state: a scheduler made for the trial and closed after it. The workload spawns
     * its processes in {@link #spawn()}, which runs once the scheduler exists.
     */
    @State(Scope.Benchmark)
    public abstract static class ActorKitState {
        Scheduler scheduler;

        @Setup
        public final void setup() {
            scheduler = createScheduler();
            spawn();
        }

        /** The trial's scheduler: the default one, unless a variant needs another. */
        protected Scheduler createScheduler() {
            return actorKit();
        }

        /** Spawns (and wires up) the workload's processes on {@link #scheduler}. */
        protected abstract void spawn();

        @TearDown
        public final void tearDown() {
            close(scheduler);
        }
    }

    /**
     * A benchmark's Pekko state: an actor system made for the trial and terminated after it. The workload
     * spawns its actors in {@link #spawn()}, which runs once the system exists.
     */
    @State(Scope.Benchmark)
    public abstract static class PekkoState {
        private final String name;
        ActorSystem<Void> system;

        protected PekkoState(String name) {
            this.name = name;
        }

        @Setup
        public final void setup() {
            system = pekko(name);
            spawn();
        }

        /** Spawns (and wires up) the workload's actors on {@link #system}. */
        protected abstract void spawn();

        @TearDown
        public final void tearDown() {
            close(system);
        }
    }
}
