package dev.actorkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stress harness for the hand-offs between producers and a process's scheduling word (idle /
 * scheduled) and mailbox: many rounds in which several threads, released together by a barrier, each
 * send a short burst to a process that has just gone idle. Two properties, checked in every round:
 * no lost wake-up (every message is handled: a message offered while the process was going idle would
 * otherwise wait for ever) and no double scheduling (no two activations of the process ever overlap).
 * Throughput 1 makes every message its own activation, so each one crosses the idle/scheduled boundary.
 */
@org.junit.jupiter.api.Timeout(value = 300, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class SchedulingStressTest {

    private static final int PRODUCERS = 4;
    private static final int ROUNDS = 1_000;

    private Scheduler scheduler;
    /** Platform threads of their own: the common pool may have fewer threads than there are producers. */
    private final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(PRODUCERS);

    @AfterEach
    void close() {
        threads.shutdownNow();
        if (scheduler != null) {
            scheduler.close(Duration.ofSeconds(2));
        }
    }

    record Hit(int producer, int sequence) {
    }

    /** Fails loudly on overlap, and checks per-producer order. */
    @Process
    static class Target {
        final AtomicBoolean inside = new AtomicBoolean();
        final AtomicLong handled = new AtomicLong();
        final AtomicInteger overlaps = new AtomicInteger();
        final AtomicInteger outOfOrder = new AtomicInteger();
        final int[] last = new int[PRODUCERS];

        Target() {
            java.util.Arrays.fill(last, -1);
        }

        @Receive
        void on(Hit hit) {
            if (!inside.compareAndSet(false, true)) {
                overlaps.incrementAndGet(); // another activation is running this process right now
            }
            if (hit.sequence() <= last[hit.producer()]) {
                outOfOrder.incrementAndGet();
            }
            last[hit.producer()] = hit.sequence();
            handled.incrementAndGet();
            inside.set(false);
        }
    }

    @ParameterizedTest(name = "throughput {0}")
    @ValueSource(ints = {1, 64})
    void noWakeUpIsLostAndNoProcessIsScheduledTwiceUnderRacingProducers(int throughput) throws Exception {
        scheduler = Scheduler.create(SchedulerConfig.defaults().withParallelism(2).withThroughput(throughput));
        Target target = new Target();
        ProcessRef<Target> ref = scheduler.spawn(() -> target);
        CyclicBarrier start = new CyclicBarrier(PRODUCERS);
        int[] sequences = new int[PRODUCERS];
        long expected = 0;
        for (int round = 0; round < ROUNDS; round++) {
            int burst = 1 + round % 3;
            List<CompletableFuture<Void>> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                int first = sequences[p];
                producers.add(CompletableFuture.runAsync(() -> {
                    awaitTogether(start);
                    for (int i = 0; i < burst; i++) {
                        ref.send(new Hit(producer, first + i));
                    }
                }, threads));
                sequences[p] += burst;
            }
            CompletableFuture.allOf(producers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            expected += (long) burst * PRODUCERS;
            long total = expected;
            // Every round ends with the process idle again: the next round races its going idle.
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(10))
                    .until(() -> target.handled.get() == total);
        }

        assertThat(target.overlaps).hasValue(0);
        assertThat(target.outOfOrder).hasValue(0);
        assertThat(target.handled).hasValue(expected);
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 4})
    void aBlockingBoundedMailboxLosesNothingAndKeepsEachSendersOrderUnderRacingProducers(int capacity) throws Exception {
        scheduler = Scheduler.create(SchedulerConfig.defaults().withParallelism(2).withThroughput(1));
        Target target = new Target();
        ProcessRef<Target> ref = scheduler.spawn(() -> target,
                MailboxConfig.bounded(capacity, MailboxConfig.Overflow.BLOCK).withBlockTimeout(Duration.ofSeconds(30)));
        int perProducer = 5_000;
        List<CompletableFuture<Void>> producers = new ArrayList<>();
        ConcurrentHashMap<Integer, Throwable> failures = new ConcurrentHashMap<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            producers.add(CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < perProducer; i++) {
                        ref.send(new Hit(producer, i));
                    }
                } catch (RuntimeException e) {
                    failures.put(producer, e);
                }
            }, threads));
        }
        CompletableFuture.allOf(producers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

        assertThat(failures).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> target.handled.get() == (long) perProducer * PRODUCERS);
        assertThat(target.overlaps).hasValue(0);
        assertThat(target.outOfOrder).hasValue(0);
    }

    private static void awaitTogether(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("producers did not start together", e);
        }
    }
}
