package dev.actorkit.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures, not asserts, the cost of many blocking-style processes: spawn time and heap per process
 * waiting in receive. Tagged {@code scale}, so the default build skips it; run it with
 * {@code ./mvnw -B -pl actor-core test -Dgroups=scale -DexcludedGroups=none -Dtest=BlockingProcessScaleTest}.
 * The numbers are printed; the assertions only check that every process was alive and answered.
 */
@Tag("scale")
class BlockingProcessScaleTest {

    private static final int PROCESSES = Integer.getInteger("actorkit.scale.processes", 100_000);

    @Test
    void hundredThousandProcessesWaitingInReceiveAllAnswer() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (Scheduler scheduler = Scheduler.create()) {
            CountDownLatch started = new CountDownLatch(PROCESSES);
            CountDownLatch answered = new CountDownLatch(PROCESSES);
            long heapBefore = usedHeapAfterGc(memory);

            long spawnStart = System.nanoTime();
            List<ProcessRef<Object>> refs = new ArrayList<>(PROCESSES);
            for (int i = 0; i < PROCESSES; i++) {
                refs.add(scheduler.spawn(ctx -> {
                    started.countDown();
                    ctx.receive();
                    answered.countDown();
                }));
            }
            long spawnNanos = System.nanoTime() - spawnStart;
            assertThat(started.await(2, TimeUnit.MINUTES)).isTrue();
            long allWaitingNanos = System.nanoTime() - spawnStart;

            long heapAfter = usedHeapAfterGc(memory);
            double bytesPerProcess = (heapAfter - heapBefore) / (double) PROCESSES;
            assertThat(scheduler.processes()).hasSize(PROCESSES);

            long sendStart = System.nanoTime();
            refs.forEach(ref -> ref.send("wake up"));
            assertThat(answered.await(2, TimeUnit.MINUTES)).isTrue();
            long wakeNanos = System.nanoTime() - sendStart;

            System.out.printf("%n[scale] %,d blocking-style processes: spawn calls %.0f ms (%.0f spawns/s), all waiting in "
                            + "receive after %.0f ms; heap %.0f bytes per waiting process; one message each handled in %.0f ms%n",
                    PROCESSES, spawnNanos / 1e6, PROCESSES / (spawnNanos / 1e9), allWaitingNanos / 1e6, bytesPerProcess,
                    wakeNanos / 1e6);
        }
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
