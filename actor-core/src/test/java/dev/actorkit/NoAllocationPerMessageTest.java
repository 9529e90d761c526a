package dev.actorkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DESIGN §4: "No allocation per message besides the message and its queue node". Counted with the JVM's
 * per-thread allocation counters (not a timing): the sending thread plus the scheduler's pool workers.
 */
@Timeout(60)
class NoAllocationPerMessageTest {

    private static final int WARM_UP = 100_000;
    private static final int MESSAGES = 1_000_000;
    /**
     * The mailbox node is 24 bytes on a 64-bit JVM with compressed oops (12-byte header, two references);
     * the message is pre-allocated. Anything else allocated per message (a boxed value, a lambda, an
     * iterator, a wrapper task) takes the average above this.
     */
    private static final double MAX_BYTES_PER_MESSAGE = 32;

    private final Scheduler scheduler = Scheduler.create();

    @AfterEach
    void close() {
        scheduler.close(Duration.ofMillis(200));
    }

    record Increment() { }
    record Count() { }
    record WhichPool() { }

    @Process
    static class Counter {
        private long count;

        @Receive
        void on(Increment m) {
            count++;
        }

        @Receive
        long on(Count m) {
            return count;
        }

        @Receive
        ForkJoinPool on(WhichPool m) {
            return ((ForkJoinWorkerThread) Thread.currentThread()).getPool();
        }
    }

    @Test
    void aHandlerInvokedAMillionTimesAllocatesNothingPerMessageBesidesTheQueueNode() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).as("allocation counters supported").isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);

        ProcessRef<Counter> counter = scheduler.spawn(Counter::new);
        ForkJoinPool pool = counter.call(new WhichPool());
        Increment message = new Increment();

        for (int i = 0; i < WARM_UP; i++) {
            counter.send(message);
        }
        assertThat(counter.<Long>call(new Count())).isEqualTo(WARM_UP);

        Map<Long, Long> workersBefore = allocatedByWorkers(threads, pool);
        long senderBefore = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MESSAGES; i++) {
            counter.send(message);
        }
        long handled = counter.<Long>call(new Count());
        long senderAfter = threads.getCurrentThreadAllocatedBytes();
        Map<Long, Long> workersAfter = allocatedByWorkers(threads, pool);

        assertThat(handled).isEqualTo(WARM_UP + MESSAGES);
        long workerBytes = 0;
        for (Map.Entry<Long, Long> worker : workersAfter.entrySet()) {
            workerBytes += worker.getValue() - workersBefore.getOrDefault(worker.getKey(), 0L);
        }
        long senderBytes = senderAfter - senderBefore;
        double perMessage = (double) (workerBytes + senderBytes) / MESSAGES;
        assertThat(perMessage)
                .as("bytes allocated per message: sender %.2f + %d workers %.2f", (double) senderBytes / MESSAGES,
                        workersAfter.size(), (double) workerBytes / MESSAGES)
                .isLessThanOrEqualTo(MAX_BYTES_PER_MESSAGE);
    }

    /** Bytes allocated so far by each live thread of the scheduler's pool, by thread id. */
    private static Map<Long, Long> allocatedByWorkers(com.sun.management.ThreadMXBean threads, ForkJoinPool pool) {
        List<Thread> workers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("actorkit-worker-"))
                .filter(t -> t instanceof ForkJoinWorkerThread w && w.getPool() == pool)
                .toList();
        long[] ids = workers.stream().mapToLong(Thread::threadId).toArray();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> byId = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                byId.put(ids[i], bytes[i]);
            }
        }
        return byId;
    }
}
