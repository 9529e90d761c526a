package dev.actorkit.bench;

import dev.actorkit.ProcessContext;
import dev.actorkit.ProcessRef;
import dev.actorkit.ProcessStatus;
import dev.actorkit.Scheduler;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractMatchingBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Heap per idle process, measured rather than estimated: used heap after full GCs (the least of several)
 * before and after spawning many processes that then sit idle, divided by their number. Not JMH: a
 * footprint is a single number, not a rate.
 *
 * <p>Kinds: an ActorKit {@code @Process} with one int of state (no activation until its first message);
 * an ActorKit blocking-style process parked in {@code ctx.receive()} on its virtual thread; a Pekko typed
 * actor with one int of state ({@code AbstractMatchingBehavior}), spawned by a parent actor as Pekko
 * requires. The caller keeps every ref, as an application would; the array for them exists before the
 * first measurement, so it is not counted. Then one million idle processes (ActorKit annotation, and
 * Pekko for comparison): total heap in use with them alive.
 *
 * <p>Usage: {@code java -Xmx3g -cp benchmarks.jar dev.actorkit.bench.IdleMemory [--processes N]
 * [--million N] [--out results.tsv]}. Each result is printed and, with {@code --out}, written as
 * {@code workload<TAB>implementation<TAB>value<TAB>unit} lines for run.sh.
 */
public final class IdleMemory {

    private static final int WARM_UP = 1_000;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    record Poke() {
    }

    @Process
    static class Idle {
        int pokes;

        @Receive
        void on(Poke poke) {
            pokes++;
        }
    }

    static final class PekkoIdle extends AbstractMatchingBehavior<Poke> {
        int pokes;

        PekkoIdle(ActorContext<Poke> context) {
            super(context);
        }

        @Override
        public Behavior<Poke> onMessage(Poke poke) {
            pokes++;
            return this;
        }
    }

    /** Asks the parent actor to spawn {@code count} idle children into {@code refs[from..]}. */
    record SpawnIdle(Object[] refs, int from, int count, CountDownLatch started) {
    }

    static final Behavior<SpawnIdle> PEKKO_PARENT = Behaviors.receive((ctx, spawn) -> {
        CountDownLatch started = spawn.started();
        Behavior<Poke> child = Behaviors.setup(childCtx -> {
            started.countDown();
            return new PekkoIdle(childCtx);
        });
        for (int i = 0; i < spawn.count(); i++) {
            spawn.refs()[spawn.from() + i] = ctx.spawnAnonymous(child);
        }
        return Behaviors.same();
    });

    /** One measured kind of process: spawns {@code count} of them into {@code refs} and returns when all are idle. */
    interface Kind extends AutoCloseable {
        void spawn(Object[] refs, int from, int count) throws InterruptedException;

        @Override
        void close();
    }

    static final class ActorKitAnnotation implements Kind {
        final Scheduler scheduler = Systems.actorKit();

        @Override
        public void spawn(Object[] refs, int from, int count) {
            for (int i = 0; i < count; i++) {
                refs[from + i] = scheduler.spawn(Idle::new);
            }
        }

        @Override
        public void close() {
            scheduler.close();
        }
    }

    static final class ActorKitBlocking implements Kind {
        final Scheduler scheduler = Systems.actorKit();

        @Override
        public void spawn(Object[] refs, int from, int count) throws InterruptedException {
            CountDownLatch started = new CountDownLatch(count);
            for (int i = 0; i < count; i++) {
                refs[from + i] = scheduler.spawn((ProcessContext ctx) -> {
                    started.countDown();
                    int pokes = 0;
                    while (true) {
                        if (ctx.receive() instanceof Poke) {
                            pokes++;
                        }
                    }
                });
            }
            Systems.await(started);
            // Between the count-down and parking in receive() a virtual thread still holds its carrier;
            // wait until every one is parked (its stack then lives on the heap, where it is counted).
            for (int i = 0; i < count; i++) {
                ProcessRef<?> ref = (ProcessRef<?>) refs[from + i];
                while (scheduler.info(ref).orElseThrow().status() != ProcessStatus.WAITING) {
                    Thread.yield();
                }
            }
        }

        @Override
        public void close() {
            scheduler.close();
        }
    }

    static final class Pekko implements Kind {
        final ActorSystem<Void> system = Systems.pekko("idle");
        final ActorRef<SpawnIdle> parent = Systems.spawn(system, PEKKO_PARENT);

        @Override
        public void spawn(Object[] refs, int from, int count) throws InterruptedException {
            CountDownLatch started = new CountDownLatch(count);
            parent.tell(new SpawnIdle(refs, from, count, started));
            Systems.await(started);
        }

        @Override
        public void close() {
            Systems.close(system);
        }
    }

    public static void main(String[] args) throws Exception {
        int processes = 100_000;
        int million = 1_000_000;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--processes" -> processes = Integer.parseInt(args[++i]);
                case "--million" -> million = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: IdleMemory [--processes N] [--million N] [--out results.tsv]");
            }
        }
        List<String> rows = new ArrayList<>();
        PrintStream console = System.out;
        console.printf(Locale.ROOT, "%-34s %-10s %14s %16s%n", "measurement", "impl", "heap (MiB)", "bytes/process");

        String perProcess = "idleBytesPerProcess(" + processes + ")";
        rows.add(measure(perProcess, "actorkit", new ActorKitAnnotation(), processes, false));
        rows.add(measure("idleBlockingBytesPerProcess(" + processes + ")", "actorkit", new ActorKitBlocking(), processes, false));
        rows.add(measure(perProcess, "pekko", new Pekko(), processes, false));
        if (million > 0) {
            String alive = "heapWithProcessesAlive(" + million + ")";
            rows.add(measure(alive, "actorkit", new ActorKitAnnotation(), million, true));
            rows.add(measure(alive, "pekko", new Pekko(), million, true));
        }
        if (out != null) {
            Files.write(out, rows);
        }
    }

    /**
     * Spawns {@code count} processes of {@code kind} and returns a result row: bytes per process, or with
     * {@code total} the whole used heap in MiB with them alive.
     */
    private static String measure(String workload, String impl, Kind kind, int count, boolean total)
            throws InterruptedException {
        try (kind) {
            Object[] warmUp = new Object[WARM_UP];
            kind.spawn(warmUp, 0, WARM_UP); // loads and links the classes, grows the runtime's tables once
            Object[] refs = new Object[count];
            long before = usedHeapAfterGc();
            long start = System.nanoTime();
            kind.spawn(refs, 0, count);
            long elapsed = System.nanoTime() - start;
            long after = usedHeapAfterGc();
            Reference.reachabilityFence(refs);
            Reference.reachabilityFence(warmUp);
            double bytesPerProcess = (after - before) / (double) count;
            System.out.printf(Locale.ROOT, "%-34s %-10s %14.1f %16.0f   (spawned in %d ms)%n", workload, impl,
                    after / 1048576.0, bytesPerProcess, elapsed / 1_000_000);
            return total
                    ? String.join("\t", workload, impl, String.format(Locale.ROOT, "%.1f", after / 1048576.0), "MiB")
                    : String.join("\t", workload, impl, String.format(Locale.ROOT, "%.0f", bytesPerProcess), "B/process");
        }
    }

    /** Used heap after a full GC; the least of a few, as a collection may leave floating garbage behind. */
    static long usedHeapAfterGc() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            least = Math.min(least, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    private IdleMemory() {
    }
}
